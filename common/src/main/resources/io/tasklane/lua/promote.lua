--[[
  promote: moves tasks whose due time has come from the delayed set to the backlog (status
  queued) and places them on workers with room. Safe to run from many processes at once.
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  now: epoch milliseconds
  ARGV[2]  limit: most tasks to promote in this call
  Returns: {promoted, due time of the next delayed task or -1}
]]
--@include lib/live
--@include lib/placement
local now = ARGV[1]
local ids = redis.call('ZRANGEBYSCORE', K.delayed(), '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
local moved = 0
for _, id in ipairs(ids) do
  redis.call('ZREM', K.delayed(), id)
  local st = redis.call('HGET', K.task(id), F.status)
  if st == S.retrying or st == S.queued then
    redis.call('HSET', K.task(id), F.status, S.queued)
    redis.call('RPUSH', K.backlog(), id)
    moved = moved + 1
  end
end
pl_begin()
if moved > 0 then pl_drain_backlog(moved, now) end
pl_finish()
local next_due = redis.call('ZRANGE', K.delayed(), 0, 0, 'WITHSCORES')
return { moved, next_due[2] and tonumber(next_due[2]) or -1 }
