--[[
  heartbeat: worker w is alive: its heartbeat key is set again with a fresh TTL and its expiry
  recorded. A worker that was dropped from the live sets while its key had lapsed (a pause) but
  was not reclaimed rejoins them, and so does an ejected worker whose back-off has passed; a
  reclaimed worker must register again. The inbox and active set sizes are read only when
  Redis counts tasks in flight on w: an idle worker's beat is four commands, script call
  included.
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  worker: the worker ID
  ARGV[2]  now: epoch milliseconds
  ARGV[3]  ttl_ms: heartbeat time to live
  Returns: {'unknown', 0, 0} when w must register again; else
           {state, inbox length, active set size} (0, 0 without reading them when w has
           nothing in flight)
]]
--@include lib/live
local w = ARGV[1]
local now = tonumber(ARGV[2])
local v = redis.call('HMGET', K.worker(w), 'state', 'ejected_until', 'inflight')
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
-- The key's value is the time of this beat: the worker's "last seen" while it lives.
redis.call('SET', K.alive(w), ARGV[2], 'PX', ARGV[3])
redis.call('ZADD', K.expiry(), now + tonumber(ARGV[3]), w)
-- inflight counts w's inbox and active tasks (assigned or running on it); at 0 both are empty.
if tonumber(v[3]) == 0 then return { state, 0, 0 } end
return { state, redis.call('LLEN', K.inbox(w)), redis.call('ZCARD', K.active(w)) }
