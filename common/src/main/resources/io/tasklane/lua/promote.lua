--[[
  promote: moves tasks whose due time has come from the delayed set to the backlog (status
  queued) and places them on workers with room. Safe to run from many processes at once. With
  nothing due it only reads the earliest due time: two commands, script call included.
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  now: epoch milliseconds
  ARGV[2]  limit: most tasks to promote in this call
  Returns: {promoted, due time of the next delayed task or -1}
]]
--@include lib/live
--@include lib/placement
local now = ARGV[1]
local first = redis.call('ZRANGE', K.delayed(), 0, 0, 'WITHSCORES')
if #first == 0 then return { 0, -1 } end
if tonumber(first[2]) > tonumber(now) then return { 0, tonumber(first[2]) } end
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
if moved > 0 then
  pl_backlog_grew()
  pl_begin()
  pl_drain_backlog(moved, now)
  pl_finish()
end
local next_due = redis.call('ZRANGE', K.delayed(), 0, 0, 'WITHSCORES')
return { moved, next_due[2] and tonumber(next_due[2]) or -1 }
