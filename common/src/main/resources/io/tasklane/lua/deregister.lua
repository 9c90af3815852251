--[[
  deregister: worker w leaves. Its unstarted inbox tasks return to the head of the backlog in
  their order, unchanged; tasks still in its active set (past the grace period) return too, with
  the attempt they used counted. Both are then offered to the remaining workers. w leaves the
  live sets and its heartbeat is deleted; its statistics stay.
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  worker: the worker ID
  ARGV[2]  now: epoch milliseconds
  Returns: {returned inbox tasks, returned running tasks, reassigned}
]]
--@include lib/placement
local w = ARGV[1]
local now = ARGV[2]
local inbox = redis.call('LRANGE', K.inbox(w), 0, -1)
local running = redis.call('ZRANGE', K.active(w), 0, -1)
local back = {}
for _, id in ipairs(inbox) do
  local h = K.task(id)
  local t = redis.call('HMGET', h, 'status', 'worker')
  if t[1] == 'assigned' and t[2] == w then
    redis.call('HSET', h, 'status', 'queued', 'worker', '')
    back[#back + 1] = id
  end
end
local requeued = 0
for _, id in ipairs(running) do
  local h = K.task(id)
  local t = redis.call('HMGET', h, 'status', 'worker')
  if t[1] == 'running' and t[2] == w then
    redis.call('HSET', h, 'status', 'queued', 'worker', '')
    back[#back + 1] = id
    requeued = requeued + 1
  end
end
for i = #back, 1, -1 do redis.call('LPUSH', K.backlog(), back[i]) end
redis.call('DEL', K.inbox(w), K.active(w), K.alive(w))
redis.call('ZREM', K.workers(), w)
redis.call('ZREM', K.ring(), w)
redis.call('HSET', K.worker(w), 'state', 'gone', 'inflight', 0, 'stopped', now)
pl_begin()
local assigned = pl_drain_backlog(#back, now)
pl_finish()
return { #back - requeued, requeued, assigned }
