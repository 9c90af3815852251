--[[
  set_strategy: sets the queue's placement strategy and its options, and brings the strategy's
  index up to date (the least-latency scores are only kept current while it is in force).
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  strategy: its name (checked by the caller), '' to leave the one in force (the
           default, least-concurrency, is stored when none is)
  ARGV[2]  steal: 1 to let idle workers steal unstarted tasks, 0 not to, '' to leave as is
  ARGV[3]  steal_keyed: 1 to let them steal tasks with an affinity key too, 0 not, '' as is
  ARGV[4]  affinity_bound: the bounded-load factor of key-affinity (> 1), '' to leave as is
  Returns: the number of live workers
]]
--@include lib/live
if ARGV[1] ~= '' then
  redis.call('HSET', K.config(), 'strategy', ARGV[1])
else
  redis.call('HSETNX', K.config(), 'strategy', 'least-concurrency')
end
if ARGV[2] ~= '' then redis.call('HSET', K.config(), 'steal', ARGV[2]) end
if ARGV[3] ~= '' then redis.call('HSET', K.config(), 'steal_keyed', ARGV[3]) end
if ARGV[4] ~= '' then redis.call('HSET', K.config(), 'affinity_bound', ARGV[4]) end
local live = redis.call('ZRANGE', K.workers(), 0, -1)
local total = 0
live_skiplist_once(K.latency()) -- every live worker is rescored below
for _, w in ipairs(live) do
  local v = redis.call('HMGET', K.worker(w), 'inflight', 'concurrency', 'ewma_us')
  local inflight = tonumber(v[1]) or 0
  total = total + inflight
  redis.call('ZADD', K.latency(), ll_score(inflight, tonumber(v[2]) or 1, tonumber(v[3])), w)
end
redis.call('HSET', K.config(), 'inflight_total', total)
return #live
