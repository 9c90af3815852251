--[[
  heartbeat: worker w is alive: its heartbeat key is set again with a fresh TTL. A worker that
  was dropped from the live sets while its key had lapsed (a pause) but was not reclaimed
  rejoins them, and so does an ejected worker whose back-off has passed; a reclaimed worker
  must register again.
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  worker: the worker ID
  ARGV[2]  now: epoch milliseconds
  ARGV[3]  ttl_ms: heartbeat time to live
  Returns: {'unknown', 0, 0} when w must register again; else
           {state, inbox length, active set size}
]]
--@include lib/live
local w = ARGV[1]
local now = tonumber(ARGV[2])
local v = redis.call('HMGET', K.worker(w), 'state', 'ejected_until')
local state = v[1]
if not state or state == 'gone' then return { 'unknown', 0, 0 } end
if state == 'dead' then
  if not redis.call('ZSCORE', K.expiry(), w) then return { 'unknown', 0, 0 } end
  state = 'active'
  redis.call('HSET', K.worker(w), 'state', state)
  live_enter(w)
elseif state == 'ejected' and now >= (tonumber(v[2]) or 0) then
  state = 'active'
  redis.call('HSET', K.worker(w), 'state', state, 'streak', 0)
  live_enter(w)
end
redis.call('SET', K.alive(w), ARGV[2], 'PX', ARGV[3])
redis.call('ZADD', K.expiry(), now + tonumber(ARGV[3]), w)
redis.call('HSET', K.worker(w), 'seen', ARGV[2])
redis.call('ZADD', K.known(), ARGV[2], w)
return { state, redis.call('LLEN', K.inbox(w)), redis.call('ZCARD', K.active(w)) }
