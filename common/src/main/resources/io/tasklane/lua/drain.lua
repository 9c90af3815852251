--[[
  drain: worker w stops receiving tasks (it leaves the live sets) but keeps what it holds.
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  worker: the worker ID
  Returns: 1 when w was registered, else 0
]]
--@include lib/live
local w = ARGV[1]
local state = redis.call('HGET', K.worker(w), 'state')
if not state or state == 'gone' then return 0 end
live_exit(w)
redis.call('HSET', K.worker(w), 'state', 'draining')
return 1
