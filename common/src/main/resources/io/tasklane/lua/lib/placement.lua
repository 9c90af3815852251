--[[
  lib/placement: choosing a worker for a task and recording the assignment. Included by every
  script that assigns. Call pl_begin() once, then pl_pick()/pl_assign()/pl_drain_backlog(), then
  pl_finish() to write the buffered in-flight counts, the round-robin cursor and the wake-ups.

  Strategies (the queue's choice is HGET config strategy):
    least-concurrency  the live worker with the lowest in-flight / concurrency, only if below 1:
                       a worker with no free slot is never fed, and the task waits in the backlog
    round-robin        the next live worker after the cursor in lexicographic order, whatever its
                       load; the cursor is shared by every producer and dispatcher
  A worker whose heartbeat key has expired is dropped from the live sets (state 'dead') and the
  next candidate is tried.
]]
local pl_strategy, pl_cursor, pl_cursor_moved
local pl_load = {}      -- w -> { inflight, concurrency, touched }
local pl_alive = {}     -- w -> true/false for this call
local pl_touched = {}   -- workers whose counts changed, in order
local pl_push = {}      -- w -> task IDs to append to its inbox

local function pl_begin()
  local v = redis.call('HMGET', K.config(), 'strategy', 'rr')
  pl_strategy = v[1] or 'least-concurrency'
  pl_cursor = v[2]
  pl_cursor_moved = false
end

local function pl_worker(w)
  local l = pl_load[w]
  if not l then
    local v = redis.call('HMGET', K.worker(w), 'inflight', 'concurrency')
    l = { tonumber(v[1]) or 0, tonumber(v[2]) or 1, false }
    pl_load[w] = l
  end
  return l
end

-- Adds delta to the worker's in-flight count. The count is written in pl_finish; the load
-- score at once under least-concurrency, which reads it for the next pick. Needs pl_begin().
local function pl_add_inflight(w, delta)
  local l = pl_worker(w)
  l[1] = l[1] + delta
  if l[1] < 0 then l[1] = 0 end
  if not l[3] then
    l[3] = true
    pl_touched[#pl_touched + 1] = w
  end
  if pl_strategy ~= 'round-robin' then
    redis.call('ZADD', K.workers(), 'XX', l[1] / l[2], w)
  end
  return l
end

local function pl_is_alive(w)
  local a = pl_alive[w]
  if a == nil then
    a = redis.call('EXISTS', K.alive(w)) == 1
    pl_alive[w] = a
  end
  return a
end

local function pl_drop_dead(w)
  redis.call('ZREM', K.workers(), w)
  redis.call('ZREM', K.ring(), w)
  redis.call('HSET', K.worker(w), 'state', 'dead')
end

local function pl_pick_least()
  for _ = 1, 32 do
    local r = redis.call('ZRANGE', K.workers(), 0, 0, 'WITHSCORES')
    if #r == 0 or tonumber(r[2]) >= 1 then return nil end
    if pl_is_alive(r[1]) then return r[1] end
    pl_drop_dead(r[1])
  end
  return nil
end

local function pl_pick_round_robin()
  for _ = 1, 32 do
    local r
    if pl_cursor then
      r = redis.call('ZRANGEBYLEX', K.ring(), '(' .. pl_cursor, '+', 'LIMIT', 0, 1)
    end
    if not r or #r == 0 then r = redis.call('ZRANGE', K.ring(), 0, 0) end
    if #r == 0 then return nil end
    local w = r[1]
    pl_cursor = w
    pl_cursor_moved = true
    if pl_is_alive(w) then return w end
    pl_drop_dead(w)
  end
  return nil
end

-- The worker the next task goes to, or nil when it must wait in the backlog.
local function pl_pick()
  if pl_strategy == 'round-robin' then return pl_pick_round_robin() end
  return pl_pick_least()
end

-- Records that task id (status queued) now belongs to worker w.
local function pl_assign(id, w, now)
  redis.call('HSET', K.task(id), 'status', 'assigned', 'worker', w, 'assigned', now)
  local q = pl_push[w]
  if not q then
    q = {}
    pl_push[w] = q
  end
  q[#q + 1] = id
  pl_add_inflight(w, 1)
end

-- Assigns up to limit backlog tasks while some worker can take one; returns how many.
local function pl_drain_backlog(limit, now)
  local n = 0
  while n < limit do
    local id = redis.call('LPOP', K.backlog())
    if not id then break end
    if redis.call('HGET', K.task(id), 'status') == 'queued' then
      local w = pl_pick()
      if not w then
        redis.call('LPUSH', K.backlog(), id)
        break
      end
      pl_assign(id, w, now)
      n = n + 1
    end
  end
  return n
end

-- Appends the assigned IDs to the inboxes and wakes their workers, except quiet_worker: the
-- caller itself, which learns of its tasks from the script's reply.
local function pl_flush_inboxes(quiet_worker)
  for w, ids in pairs(pl_push) do
    for i = 1, #ids, 1000 do
      redis.call('RPUSH', K.inbox(w), unpack(ids, i, math.min(i + 999, #ids)))
    end
    if w ~= quiet_worker then redis.call('PUBLISH', K.worker_channel(w), ids[1]) end
  end
  pl_push = {}
end

-- Writes in-flight counts and load scores, appends to inboxes, moves the cursor, wakes workers.
local function pl_finish()
  for _, w in ipairs(pl_touched) do
    local l = pl_load[w]
    redis.call('HSET', K.worker(w), 'inflight', l[1])
    redis.call('ZADD', K.workers(), 'XX', l[1] / l[2], w)
  end
  pl_flush_inboxes(nil)
  if pl_cursor_moved then redis.call('HSET', K.config(), 'rr', pl_cursor) end
end
