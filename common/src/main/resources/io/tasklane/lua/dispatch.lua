--[[
  dispatch: assigns up to limit of the oldest backlog tasks to workers by the queue's strategy,
  stopping when no worker can take one. An empty backlog costs two commands, script call
  included.
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  now: epoch milliseconds
  ARGV[2]  limit: most tasks to assign in this call
  Returns: {assigned, backlog length after}
]]
--@include lib/live
--@include lib/placement
if redis.call('LLEN', K.backlog()) == 0 then return { 0, 0 } end
pl_begin()
local n = pl_drain_backlog(tonumber(ARGV[2]), ARGV[1])
pl_finish()
return { n, redis.call('LLEN', K.backlog()) }
