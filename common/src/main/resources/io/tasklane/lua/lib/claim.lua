--[[
  lib/claim: moves up to max task IDs from worker w's inbox to its active set, bumping each
  task's attempt (the fencing token); when the inbox holds fewer and work stealing is on, the
  rest are stolen from the most loaded worker's inbox. Needs lib/placement. Returns a flat list, five entries per
  claimed task: id, type, payload, attempt, timeout_ms. Tasks no longer assigned to w (cancelled
  or reassigned meanwhile) are dropped from the inbox and from w's in-flight count.
]]
local function claim(w, max, now)
  local out = {}
  if max <= 0 then return out end
  local ids = redis.call('LPOP', K.inbox(w), max) or {}
  if #ids < max and pl_steal_on then
    for _, id in ipairs(pl_steal(w, max - #ids, now)) do ids[#ids + 1] = id end
  end
  if #ids == 0 then return out end
  local active = {}
  local gone = 0
  for _, id in ipairs(ids) do
    local h = K.task(id)
    local t = redis.call('HMGET', h, 'status', 'worker', 'type', 'payload', 'timeout_ms')
    if t[1] == 'assigned' and t[2] == w then
      local attempt = redis.call('HINCRBY', h, 'attempt', 1)
      redis.call('HSET', h, 'status', 'running', 'started', now)
      active[#active + 1] = now
      active[#active + 1] = id
      out[#out + 1] = id
      out[#out + 1] = t[3]
      out[#out + 1] = t[4]
      out[#out + 1] = attempt
      out[#out + 1] = t[5] or '0'
    else
      gone = gone + 1
    end
  end
  if #active > 0 then redis.call('ZADD', K.active(w), unpack(active)) end
  if gone > 0 then pl_add_inflight(w, -gone) end
  return out
end
