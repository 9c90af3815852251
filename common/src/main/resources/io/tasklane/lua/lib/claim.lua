--[[
  lib/claim: moves up to max tasks into worker w's active set, bumping each task's attempt (the
  fencing token). They come from w's inbox first; when it holds fewer and work stealing is on,
  from the tail of the most loaded worker's inbox; and then, under a strategy that only ever
  feeds workers with room (pl_pulls), straight from the head of the backlog: a backlog that is
  not empty means every worker was full, so the slots w frees are the ones to fill, and taking
  the tasks directly saves assigning them to the inbox first. Needs lib/placement and
  lib/times. A worker out of placement (draining or ejected) takes only its own inbox. Returns
  a flat list, five entries per claimed task: id, type, payload, attempt,
  timeout_ms. Tasks no longer assigned to w (cancelled or reassigned meanwhile) are dropped from
  the inbox and from w's in-flight count.
  claim_ids(w, ids, held, now, known) does the moving for tasks already taken from where they
  were: the first held of ids were assigned to w, the rest come from the backlog. lib/placement
  calls it (as pl_push_claim) for the tasks it sends with a wake-up, which never enter the
  inbox; known (optional) holds, by ID, the fields of tasks whose hash the calling script wrote
  itself, in the order of the HMGET below, so that they are not read back.
]]
local function claim_ids(w, ids, held, now, known)
  local out = {}
  if #ids == 0 then return out end
  local active = {}
  local gone, pulled = 0, 0
  for i, id in ipairs(ids) do
    local h = K.task(id)
    local t = known and known[id]
    if t then
      known[id] = nil -- used once: the same ID again (a batch may name it twice) reads the hash
    else
      t = redis.call('HMGET', h, F.status, F.worker, F.type, F.payload, F.timeout_ms,
        F.attempt, F.submitted)
    end
    local mine
    if i <= held then
      mine = t[1] == S.assigned and t[2] == w
      if not mine then gone = gone + 1 end
    else
      mine = t[1] == S.queued
      if mine then pulled = pulled + 1 end
    end
    if mine then
      local attempt = (tonumber(t[6]) or 0) + 1
      local started = tl_since(t[7], now)
      if i <= held then
        redis.call('HSET', h, F.status, S.running, F.started, started, F.attempt, attempt)
      else
        redis.call('HSET', h, F.status, S.running, F.worker, w, F.assigned, now,
          F.started, started, F.attempt, attempt)
      end
      active[#active + 1] = now
      active[#active + 1] = id
      out[#out + 1] = id
      out[#out + 1] = t[3]
      out[#out + 1] = t[4]
      out[#out + 1] = attempt
      out[#out + 1] = t[5] or '0'
    end
  end
  if #active > 0 then redis.call('ZADD', K.active(w), unpack(active)) end
  if pulled - gone ~= 0 then pl_add_inflight(w, pulled - gone) end
  return out
end
pl_push_claim = claim_ids

local function claim(w, max, now)
  if max <= 0 then return {} end
  local ids = redis.call('LPOP', K.inbox(w), max) or {}
  -- only a worker in placement (live, not draining, not ejected) takes other tasks
  local open
  local function takes()
    if open == nil then open = pl_worker(w)[6] end
    return open
  end
  if #ids < max and pl_steal_on and takes() then
    for _, id in ipairs(pl_steal(w, max - #ids, now)) do ids[#ids + 1] = id end
  end
  local held = #ids
  if #ids < max and pl_pulls() then
    local more = redis.call('LPOP', K.backlog(), max - #ids)
    -- takes() reads w only when there is something to take: a worker out of placement (rare)
    -- puts the tasks back where they were
    if more and not takes() then
      local back = {}
      for i = #more, 1, -1 do back[#back + 1] = more[i] end
      redis.call('LPUSH', K.backlog(), unpack(back))
      more = nil
    end
    if more then
      for _, id in ipairs(more) do ids[#ids + 1] = id end
    end
  end
  return claim_ids(w, ids, held, now)
end
