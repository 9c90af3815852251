--[[
  complete: records the outcomes of tasks worker w ran, updates w's counters, hands w's freed
  slots the oldest backlog tasks, and claims up to claim_max tasks from w's inbox, all in one
  call. An outcome is accepted only when the task is running on w with the same attempt
  (fencing); any other is stale: counted, not written. A failure with attempts left goes to the
  delayed set with exponential backoff and jitter (base and cap from the queue's config,
  retry_base_ms and retry_cap_ms), and when it is due before every other retry its due time is
  published on the delayed channel, so that sleeping promoters wake in time; a failure
  without, or a fatal one, dead-letters the task. A released task returns to the head of the
  backlog with the attempt its claim counted taken back.
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  worker: the worker ID
  ARGV[2]  now: epoch milliseconds
  ARGV[3]  claim_max: most tasks to claim afterwards
  ARGV[4]  count: number of outcomes that follow
  ARGV[5..] eight entries per outcome: id, attempt, kind (s success, f failure, x fatal,
           u released: claimed ahead of a free slot and never started), result JSON or error
           text, run_us (run time in microseconds), bucket (run-time histogram bucket), jitter
           (a number from 0 to 1 for the retry delay), held_ms (how long the task waited on
           the worker for a slot; its started time moves by that much)
  Returns: {accepted, stale, then five entries per claimed task: id, type, payload, attempt,
           timeout_ms}
]]
--@include lib/live
--@include lib/placement
--@include lib/times
--@include lib/claim
--@include lib/requeue
local w = ARGV[1]
local now = ARGV[2]
local claim_max = tonumber(ARGV[3])
local count = tonumber(ARGV[4])
local active = K.active(w)
pl_begin()
local succeeded, failed, dead, stale, run_sum = 0, 0, 0, 0, 0
local buckets = {}
local finished = {}
local retry_base, retry_cap
local first_due -- the earliest due time of the retries this call schedules
local removed = {}
local released = {}
-- health and retry settings, read at the first accepted outcome: the run-time EWMA
-- (least-latency), the failure streak and failure rate of w, the queue's (slower) failure rate,
-- its ejection settings and its retry backoff
local hv, cv, streak, fe, ewma, qfe
for i = 0, count - 1 do
  local b = 5 + i * 8
  local id = ARGV[b]
  local h = K.task(id)
  local t = redis.call('HMGET', h, F.status, F.worker, F.attempt, F.max_attempts, F.submitted,
    F.started)
  local kind = ARGV[b + 2]
  if t[1] ~= S.running or t[2] ~= w or t[3] ~= ARGV[b + 1] then
    stale = stale + 1
  elseif kind == 'u' then
    tl_unclaim(id, t[3])
    released[#released + 1] = id
    removed[#removed + 1] = id
  else
    -- a task that waited on w for a slot started that much later than its claim: the field pair
    -- (sf, sv) rides along in the HSET each branch makes anyway; without a wait it is run_us
    -- once more (HSET takes a field twice, the last value wins)
    local sf, sv = F.run_us, ARGV[b + 4]
    if ARGV[b + 7] ~= '0' then
      sf, sv = F.started, (tonumber(t[6]) or 0) + tonumber(ARGV[b + 7])
    end
    if not hv then
      hv = redis.call('HMGET', K.worker(w), 'streak', 'fail_ewma', 'ewma_us', 'ejections')
      cv = redis.call('HMGET', K.config(), 'fail_ewma', 'eject_streak', 'eject_base_ms',
        'eject_cap_ms', 'retry_base_ms', 'retry_cap_ms')
      streak, fe, ewma = tonumber(hv[1]) or 0, tonumber(hv[2]) or 0, tonumber(hv[3])
      qfe = tonumber(cv[1]) or 0
      retry_base, retry_cap = tonumber(cv[5]) or 1000, tonumber(cv[6]) or 300000
    end
    local us = tonumber(ARGV[b + 4])
    ewma = ewma and (ewma * 0.8 + us * 0.2) or us
    if kind == 's' then
      streak, fe, qfe = 0, fe * 0.9, qfe * 0.98
    else
      streak, fe, qfe = streak + 1, fe * 0.9 + 0.1, qfe * 0.98 + 0.02
    end
    -- the task hash keeps times after its submission (lib/times), and no null result
    local at = tl_since(t[5], now)
    if kind == 's' then
      if ARGV[b + 3] == 'null' then
        redis.call('HSET', h, F.status, S.succeeded, F.finished, at, F.run_us, ARGV[b + 4],
          sf, sv)
      else
        redis.call('HSET', h, F.status, S.succeeded, F.result, ARGV[b + 3], F.finished, at,
          F.run_us, ARGV[b + 4], sf, sv)
      end
      succeeded = succeeded + 1
      finished[#finished + 1] = id
    else
      failed = failed + 1
      local attempt = tonumber(t[3])
      if kind == 'f' and attempt < (tonumber(t[4]) or DEFAULT_MAX_ATTEMPTS) then
        local d = math.min(retry_cap, retry_base * 2 ^ (attempt - 1))
        d = math.floor(d / 2 + d / 2 * tonumber(ARGV[b + 6]))
        local due = tonumber(now) + d
        redis.call('HSET', h, F.status, S.retrying, F.error, ARGV[b + 3], F.finished, at,
          F.run_us, ARGV[b + 4], F.worker, '', F.retry_at, tonumber(at) + d, sf, sv)
        redis.call('ZADD', K.delayed(), due, id)
        if not first_due or due < first_due then first_due = due end
      else
        tl_dead(id, ARGV[b + 3], now, t[5])
        redis.call('HSET', h, F.run_us, ARGV[b + 4], sf, sv)
        dead = dead + 1
        finished[#finished + 1] = id
      end
    end
    removed[#removed + 1] = id
    run_sum = run_sum + us
    local bucket = 'h' .. ARGV[b + 5]
    buckets[bucket] = (buckets[bucket] or 0) + 1
  end
end
for i = 1, #removed, 1000 do
  redis.call('ZREM', active, unpack(removed, i, math.min(i + 999, #removed)))
end
local done = succeeded + failed
local ejected = false
if done > 0 then
  -- a worker failing far more than the queue as a whole is ejected from placement for a
  -- back-off period
  pl_worker(w)[5] = ewma
  redis.call('HSET', K.worker(w), 'streak', streak, 'fail_ewma', fe, 'ewma_us', ewma)
  redis.call('HSET', K.config(), 'fail_ewma', qfe)
  if streak >= (tonumber(cv[2]) or 5) and fe >= 2 * qfe
      and redis.call('ZCARD', K.workers()) > 1 and redis.call('ZSCORE', K.workers(), w) then
    local n = tonumber(hv[4]) or 0
    local pause = math.min(tonumber(cv[4]) or 300000, (tonumber(cv[3]) or 5000) * 2 ^ n)
    local l = pl_add_inflight(w, 0)
    redis.call('HSET', K.worker(w), 'inflight', l[1])
    live_exit(w)
    l[6] = false
    redis.call('HSET', K.worker(w), 'state', 'ejected', 'ejected_until', tonumber(now) + pause,
      'ejections', n + 1, 'streak', 0)
    local back = {}
    tl_take_back(w, redis.call('LRANGE', K.inbox(w), 0, -1), false, now, back)
    redis.call('DEL', K.inbox(w))
    pl_add_inflight(w, -#back)
    tl_backlog_front(back)
    if #back > 0 then pl_backlog_grew() end
    ejected = true
  end
end
if done > 0 then
  pl_add_inflight(w, -done)
  local st = K.stats(w)
  redis.call('HINCRBY', st, 'succeeded', succeeded)
  if failed > 0 then redis.call('HINCRBY', st, 'failed', failed) end
  if dead > 0 then redis.call('HINCRBY', st, 'dead', dead) end
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
  if #finished > 0 then redis.call('PUBLISH', K.events(), table.concat(finished, '\n')) end
end
if stale > 0 then redis.call('HINCRBY', K.stats(w), 'stale', stale) end
if first_due then
  local head = redis.call('ZRANGE', K.delayed(), 0, 0, 'WITHSCORES')
  if tonumber(head[2]) >= first_due then
    redis.call('PUBLISH', K.delayed_channel(), first_due)
  end
end
if #released > 0 then
  pl_add_inflight(w, -#released)
  tl_backlog_front(released)
  pl_backlog_grew()
end
-- The freed slots take backlog tasks: through claim below when the strategy lets workers pull
-- (the cheap path), else placed by the strategy now.
if ejected then
  pl_drain_backlog(1000, now)
elseif done > 0 and not pl_pulls() or #released > 0 then
  pl_drain_backlog(done + #released, now)
end
pl_flush_inboxes(w)
local out = claim(w, ejected and 0 or claim_max, now)
pl_finish()
table.insert(out, 1, stale)
table.insert(out, 1, done)
return out
