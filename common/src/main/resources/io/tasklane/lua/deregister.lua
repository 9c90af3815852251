--[[
  deregister: worker w leaves. Its unstarted inbox tasks return to the head of the backlog in
  their order, unchanged; tasks still in its active set (past the grace period) return too,
  with the attempt they used counted, or are dead-lettered when no attempt is left. They are
  then offered to the remaining workers. w leaves the live sets and its heartbeat is deleted;
  its statistics stay.
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  worker: the worker ID
  ARGV[2]  now: epoch milliseconds
  Returns: {returned inbox tasks, returned running tasks, reassigned}
]]
--@include lib/live
--@include lib/placement
--@include lib/times
--@include lib/requeue
local w = ARGV[1]
local now = ARGV[2]
local back = {}
tl_take_back(w, redis.call('LRANGE', K.inbox(w), 0, -1), false, now, back)
local unstarted = #back
tl_take_back(w, redis.call('ZRANGE', K.active(w), 0, -1), true, now, back)
tl_backlog_front(back)
redis.call('DEL', K.inbox(w), K.active(w), K.alive(w))
live_exit(w)
redis.call('ZREM', K.expiry(), w)
redis.call('ZADD', K.known(), now, w) -- forgotten some time after it left
redis.call('HSET', K.worker(w), 'state', 'gone', 'inflight', 0, 'stopped', now, 'seen', now)
if #back > 0 then pl_backlog_grew() end
pl_begin()
local assigned = pl_drain_backlog(#back, now)
pl_finish()
return { unstarted, #back - unstarted, assigned }
