--[[
  heartbeat: worker w is alive: its heartbeat key is set again with a fresh TTL. A worker that
  was dropped from the live sets while its key had lapsed (a pause) rejoins them.
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  worker: the worker ID
  ARGV[2]  now: epoch milliseconds
  ARGV[3]  ttl_ms: heartbeat time to live
  Returns: {'unknown', 0} when w is not registered (it must register again); else
           {state, inbox length}
]]
local w = ARGV[1]
local state = redis.call('HGET', K.worker(w), 'state')
if not state or state == 'gone' then return { 'unknown', 0 } end
if state == 'dead' then
  state = 'active'
  local v = redis.call('HMGET', K.worker(w), 'inflight', 'concurrency')
  redis.call('HSET', K.worker(w), 'state', state)
  redis.call('ZADD', K.workers(), (tonumber(v[1]) or 0) / (tonumber(v[2]) or 1), w)
  redis.call('ZADD', K.ring(), 0, w)
end
redis.call('SET', K.alive(w), ARGV[2], 'PX', ARGV[3])
redis.call('HSET', K.worker(w), 'seen', ARGV[2])
redis.call('ZADD', K.known(), ARGV[2], w)
return { state, redis.call('LLEN', K.inbox(w)) }
