--[[
  register: worker w joins the queue: its description is stored, its heartbeat set, it enters
  the live sets, and its free slots take the oldest backlog tasks. Tasks left in its inbox or
  active set by an earlier process with the same ID count as in flight.
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  worker: the worker ID
  ARGV[2]  host
  ARGV[3]  pid
  ARGV[4]  concurrency: slots, at least 1
  ARGV[5]  weight: at least 1
  ARGV[6]  now: epoch milliseconds
  ARGV[7]  ttl_ms: heartbeat time to live
  ARGV[8]  version: the worker's Tasklane version
  Returns: {'live'} when a live worker holds the ID already; else {'ok', inflight, assigned}
]]
--@include lib/placement
local w = ARGV[1]
local now = ARGV[6]
if redis.call('EXISTS', K.alive(w)) == 1 then return { 'live' } end
local conc = tonumber(ARGV[4])
local inflight = redis.call('LLEN', K.inbox(w)) + redis.call('ZCARD', K.active(w))
redis.call('HSET', K.worker(w), 'host', ARGV[2], 'pid', ARGV[3], 'concurrency', conc,
  'weight', ARGV[5], 'state', 'active', 'started', now, 'seen', now, 'inflight', inflight,
  'version', ARGV[8])
redis.call('HDEL', K.worker(w), 'stopped')
redis.call('SET', K.alive(w), now, 'PX', ARGV[7])
redis.call('ZADD', K.workers(), inflight / conc, w)
redis.call('ZADD', K.ring(), 0, w)
redis.call('ZADD', K.known(), now, w)
pl_begin()
local assigned = 0
if conc > inflight then assigned = pl_drain_backlog(conc - inflight, now) end
pl_flush_inboxes(w)
pl_finish()
return { 'ok', inflight, assigned }
