--[[
  register: worker w joins the queue: its description is stored, its heartbeat set, it enters
  the live sets, the task types it handles are recorded, and its free slots take the oldest
  backlog tasks. Tasks an earlier process with the same ID left in the inbox stay there; tasks
  it left running are taken back (requeued with the attempt counted, or dead-lettered), since
  the new process runs none of them.
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  worker: the worker ID
  ARGV[2]  host
  ARGV[3]  pid
  ARGV[4]  concurrency: slots, at least 1
  ARGV[5]  weight: at least 1
  ARGV[6]  now: epoch milliseconds
  ARGV[7]  ttl_ms: heartbeat time to live
  ARGV[8]  version: the worker's Tasklane version
  ARGV[9]  types: the task types it has handlers for, separated by spaces
  ARGV[10] push: 1 when it starts tasks sent with its wake-up (lib/placement, pl_flush_inboxes)
  Returns: {'live'} when a live worker holds the ID already; else {'ok', inflight, assigned}
]]
--@include lib/live
--@include lib/placement
--@include lib/times
--@include lib/requeue
local w = ARGV[1]
local now = ARGV[6]
if redis.call('EXISTS', K.alive(w)) == 1 then return { 'live' } end
local conc = tonumber(ARGV[4])
local left_running = redis.call('ZRANGE', K.active(w), 0, -1)
if #left_running > 0 then
  local back = {}
  tl_take_back(w, left_running, true, now, back)
  redis.call('DEL', K.active(w))
  tl_backlog_front(back)
  if #back > 0 then pl_backlog_grew() end
end
live_exit(w)
local inflight = redis.call('LLEN', K.inbox(w))
redis.call('HSET', K.worker(w), 'host', ARGV[2], 'pid', ARGV[3], 'concurrency', conc,
  'weight', ARGV[5], 'state', 'active', 'started', now, 'seen', now, 'inflight', inflight,
  'version', ARGV[8], 'ttl_ms', ARGV[7])
redis.call('HDEL', K.worker(w), 'stopped', 'ejected_until', 'streak', 'push')
if ARGV[10] == '1' then redis.call('HSET', K.worker(w), 'push', 1) end
redis.call('SET', K.alive(w), now, 'PX', ARGV[7])
redis.call('ZADD', K.expiry(), tonumber(now) + tonumber(ARGV[7]), w)
live_enter(w)
redis.call('ZADD', K.known(), now, w)
for t in string.gmatch(ARGV[9], '%S+') do redis.call('HSET', K.types(), t, now) end
pl_begin()
local assigned = 0
if conc > inflight then assigned = pl_drain_backlog(conc - inflight, now) end
pl_flush_inboxes(w)
pl_finish()
return { 'ok', inflight, assigned }
