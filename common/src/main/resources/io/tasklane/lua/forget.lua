--[[
  forget: deletes what the queue keeps about workers that left long ago: a worker that is gone
  (deregistered) or dead (reclaimed), holds no task and left more than keep_ms ago loses its
  description, its counters and its throughput ring, and leaves the known set, so result-stats
  and workers list stop showing it. A worker still registered, or not yet reclaimed, is kept
  and looked at again after keep_ms. Tasks it ran keep their worker field.
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  now: epoch milliseconds
  ARGV[2]  keep_ms: how long a departed worker stays known
  ARGV[3]  limit: most workers to look at in this call
  Returns: {workers forgotten, workers looked at}
]]
local now = tonumber(ARGV[1])
local candidates = redis.call('ZRANGEBYSCORE', K.known(), '-inf', now - tonumber(ARGV[2]),
  'LIMIT', 0, tonumber(ARGV[3]))
local forgotten = 0
for _, w in ipairs(candidates) do
  local state = redis.call('HGET', K.worker(w), 'state')
  if (state == 'gone' or state == 'dead' or not state)
      and not redis.call('ZSCORE', K.expiry(), w)
      and redis.call('EXISTS', K.alive(w), K.inbox(w), K.active(w)) == 0 then
    redis.call('DEL', K.worker(w), K.stats(w), K.throughput(w))
    redis.call('ZREM', K.known(), w)
    forgotten = forgotten + 1
  else
    -- still here: its departure, when it comes, moves its score again
    redis.call('ZADD', K.known(), now, w)
  end
end
return { forgotten, #candidates }
