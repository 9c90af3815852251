--[[
  undrain: a draining worker takes tasks again: it rejoins the live sets, if it is alive.
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  worker: the worker ID
  Returns: {1, 'draining'} when w was draining and alive and now takes tasks, else {0, state
           seen}: '' when w is not registered, 'lapsed' when draining with its heartbeat expired
]]
--@include lib/live
local w = ARGV[1]
local state = redis.call('HGET', K.worker(w), 'state')
if state ~= 'draining' then return { 0, state or '' } end
if redis.call('EXISTS', K.alive(w)) == 0 then return { 0, 'lapsed' } end
redis.call('HSET', K.worker(w), 'state', 'active')
live_enter(w)
return { 1, state }
