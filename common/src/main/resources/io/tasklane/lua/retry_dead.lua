--[[
  retry_dead: gives dead-lettered tasks a new set of attempts: each leaves the dead list, its
  attempt count restarts at 0, and it is queued and placed like a new task. IDs that are not
  dead are skipped (and dropped from the dead list if they were in it).
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  now: epoch milliseconds
  ARGV[2..] task IDs
  Returns: the number of tasks requeued
]]
--@include lib/live
--@include lib/placement
local now = ARGV[1]
local n = 0
for i = 2, #ARGV do
  local id = ARGV[i]
  redis.call('LREM', K.dead(), 1, id)
  if redis.call('HGET', K.task(id), F.status) == S.dead then
    redis.call('HSET', K.task(id), F.status, S.queued, F.attempt, 0, F.worker, '')
    redis.call('RPUSH', K.backlog(), id)
    n = n + 1
  end
end
if n > 0 then
  pl_backlog_grew()
  pl_begin()
  pl_drain_backlog(n, now)
  pl_finish()
end
return n
