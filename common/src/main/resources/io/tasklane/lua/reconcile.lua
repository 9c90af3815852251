--[[
  reconcile: worker w says which tasks it is running; any other task in its active set that
  started before now - grace_ms was claimed but never run by it (a claim whose reply was lost,
  or tasks sent with a wake-up that never arrived) and is taken back: requeued with its attempt
  counted, or dead-lettered when none is left. The attempt stays counted so that a claim is
  never handed out twice under one attempt number (fencing): a wake-up carrying tasks has no
  timeout and may still arrive, late, and start its copy.
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  worker: the worker ID
  ARGV[2]  now: epoch milliseconds
  ARGV[3]  grace_ms: how old an unknown claim must be before it is taken back
  ARGV[4..] the IDs of the tasks the worker runs
  Returns: {tasks requeued, tasks dead-lettered}
]]
--@include lib/live
--@include lib/placement
--@include lib/times
--@include lib/requeue
local w = ARGV[1]
local now = ARGV[2]
local running = {}
for i = 4, #ARGV do running[ARGV[i]] = true end
local old = redis.call('ZRANGEBYSCORE', K.active(w), '-inf', tonumber(now) - tonumber(ARGV[3]))
local orphans = {}
for _, id in ipairs(old) do
  if not running[id] then orphans[#orphans + 1] = id end
end
if #orphans == 0 then return { 0, 0 } end
local back = {}
local dead = tl_take_back(w, orphans, true, now, back)
for _, id in ipairs(orphans) do redis.call('ZREM', K.active(w), id) end
tl_backlog_front(back)
if #back > 0 then pl_backlog_grew() end
pl_begin()
pl_add_inflight(w, -#orphans)
pl_drain_backlog(#back, now)
pl_finish()
return { #back, dead }
