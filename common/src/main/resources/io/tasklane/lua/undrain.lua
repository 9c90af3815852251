--[[
  undrain: a draining worker takes tasks again: it rejoins the live sets, if it is alive.
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  worker: the worker ID
  Returns: 1 when w was draining and alive and now takes tasks, else 0
]]
--@include lib/live
local w = ARGV[1]
if redis.call('HGET', K.worker(w), 'state') ~= 'draining' then return 0 end
if redis.call('EXISTS', K.alive(w)) == 0 then return 0 end
redis.call('HSET', K.worker(w), 'state', 'active')
live_enter(w)
return 1
