--[[
  reclaim: finds workers whose heartbeat key has expired (their expiry in tl:{q}:expiry has
  passed and the key is gone) and takes their tasks back: unstarted inbox tasks return to the
  head of the backlog unchanged; running tasks return too, the attempt they used counted, or are
  dead-lettered when no attempt is left. The worker leaves the live sets (state dead; its
  last heartbeat, its expiry less its TTL, is kept as seen). Each worker is reclaimed once,
  however many processes run this at the same time. With no expiry due it only reads the
  earliest one: two commands, script call included.
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  now: epoch milliseconds
  ARGV[2]  limit: most workers to reclaim in this call
  Returns: {workers reclaimed, tasks requeued, tasks dead-lettered}
]]
--@include lib/live
--@include lib/placement
--@include lib/times
--@include lib/requeue
local now = ARGV[1]
local candidates = redis.call('ZRANGEBYSCORE', K.expiry(), '-inf', now, 'WITHSCORES', 'LIMIT',
  0, tonumber(ARGV[2]))
if #candidates == 0 then return { 0, 0, 0 } end
local workers, requeued, dead = 0, 0, 0
local back = {}
for i = 1, #candidates, 2 do
  local w = candidates[i]
  local ttl = redis.call('PTTL', K.alive(w))
  if ttl > 0 then
    -- alive after all (its recorded expiry lagged): record when its key really expires
    redis.call('ZADD', K.expiry(), tonumber(now) + ttl, w)
  elseif ttl == -2 then
    local running = redis.call('ZRANGE', K.active(w), 0, -1)
    local inbox = redis.call('LRANGE', K.inbox(w), 0, -1)
    local mine = {}
    dead = dead + tl_take_back(w, running, true, now, mine)
    tl_take_back(w, inbox, false, now, mine)
    for _, id in ipairs(mine) do back[#back + 1] = id end
    redis.call('DEL', K.inbox(w), K.active(w))
    live_exit(w)
    redis.call('ZREM', K.expiry(), w)
    redis.call('ZADD', K.known(), now, w) -- forgotten some time after it left
    redis.call('HSET', K.worker(w), 'state', 'dead', 'inflight', 0, 'stopped', now)
    local ttl_ms = tonumber(redis.call('HGET', K.worker(w), 'ttl_ms'))
    if ttl_ms then
      redis.call('HSET', K.worker(w), 'seen', tonumber(candidates[i + 1]) - ttl_ms)
    end
    redis.call('HINCRBY', K.stats(w), 'reclaimed', #mine)
    workers = workers + 1
  end
end
requeued = #back
if requeued > 0 then
  tl_backlog_front(back)
  pl_backlog_grew()
  pl_begin()
  pl_drain_backlog(requeued, now)
  pl_finish()
end
return { workers, requeued, dead }
