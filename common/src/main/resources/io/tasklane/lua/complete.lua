--[[
  complete: records the outcomes of tasks worker w ran, updates w's counters, hands w's freed
  slots the oldest backlog tasks, and claims up to claim_max tasks from w's inbox, all in one
  call. An outcome is accepted only when the task is running on w with the same attempt
  (fencing); any other is stale: counted, not written.
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  worker: the worker ID
  ARGV[2]  now: epoch milliseconds
  ARGV[3]  claim_max: most tasks to claim afterwards
  ARGV[4]  count: number of outcomes that follow
  ARGV[5..] six entries per outcome: id, attempt, ok (1 or 0), result JSON or error text,
           run_us (run time in microseconds), bucket (run-time histogram bucket)
  Returns: {accepted, stale, then five entries per claimed task: id, type, payload, attempt,
           timeout_ms}
]]
--@include lib/placement
--@include lib/claim
local w = ARGV[1]
local now = ARGV[2]
local claim_max = tonumber(ARGV[3])
local count = tonumber(ARGV[4])
local active = K.active(w)
pl_begin()
local succeeded, failed, stale, run_sum = 0, 0, 0, 0
local buckets = {}
local finished = {}
for i = 0, count - 1 do
  local b = 5 + i * 6
  local id = ARGV[b]
  local h = K.task(id)
  local t = redis.call('HMGET', h, 'status', 'worker', 'attempt')
  if t[1] == 'running' and t[2] == w and t[3] == ARGV[b + 1] then
    if ARGV[b + 2] == '1' then
      redis.call('HSET', h, 'status', 'succeeded', 'result', ARGV[b + 3], 'finished', now,
        'run_us', ARGV[b + 4])
      succeeded = succeeded + 1
    else
      redis.call('HSET', h, 'status', 'failed', 'error', ARGV[b + 3], 'finished', now,
        'run_us', ARGV[b + 4])
      failed = failed + 1
    end
    redis.call('ZREM', active, id)
    run_sum = run_sum + tonumber(ARGV[b + 4])
    local bucket = 'h' .. ARGV[b + 5]
    buckets[bucket] = (buckets[bucket] or 0) + 1
    finished[#finished + 1] = id
  else
    stale = stale + 1
  end
end
local done = succeeded + failed
if done > 0 then
  pl_add_inflight(w, -done)
  local st = K.stats(w)
  redis.call('HINCRBY', st, 'succeeded', succeeded)
  redis.call('HINCRBY', st, 'failed', failed)
  redis.call('HINCRBY', st, 'run_us_sum', run_sum)
  for bucket, n in pairs(buckets) do redis.call('HINCRBY', st, bucket, n) end
  redis.call('HSETNX', st, 'first', now)
  redis.call('HSET', st, 'last', now)
  local sec = math.floor(tonumber(now) / 1000)
  local slot = sec % K.TP_SLOTS
  local tp = K.throughput(w)
  if redis.call('HGET', tp, 's' .. slot) == tostring(sec) then
    redis.call('HINCRBY', tp, 'c' .. slot, done)
  else
    redis.call('HSET', tp, 's' .. slot, sec, 'c' .. slot, done)
  end
  redis.call('PUBLISH', K.events(), table.concat(finished, '\n'))
end
if stale > 0 then redis.call('HINCRBY', K.stats(w), 'stale', stale) end
if done > 0 then pl_drain_backlog(done, now) end
pl_flush_inboxes(w)
local out = claim(w, claim_max, now)
pl_finish()
table.insert(out, 1, stale)
table.insert(out, 1, done)
return out
