--[[
  drain: worker w stops receiving tasks (it leaves the live sets) but keeps what it holds.
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  worker: the worker ID
  Returns: {1, state seen} when w was registered (and now drains), else {0, state seen}; the
           state seen is '' when w is not registered
]]
--@include lib/live
local w = ARGV[1]
local state = redis.call('HGET', K.worker(w), 'state')
if not state or state == 'gone' then return { 0, state or '' } end
live_exit(w)
redis.call('HSET', K.worker(w), 'state', 'draining')
return { 1, state }
