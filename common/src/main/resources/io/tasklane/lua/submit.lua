--[[
  submit: stores new tasks and assigns each one to a worker by the queue's strategy, or appends
  it to the backlog when no worker can take it (or the backlog already holds older tasks, so
  that order is kept; the first tasks into an empty backlog wake the dispatchers). All or
  nothing: when one ID exists already, nothing is written. While the backlog is empty, tasks for
  an idle worker that takes pushes are claimed for it here and sent with its wake-up
  (lib/placement, pl_flush_inboxes), unless the batch's payloads pass 1 MiB.
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  now: epoch milliseconds
  ARGV[2]  if_absent: 1 to skip tasks whose ID exists, 0 to reject the whole batch
  ARGV[3]  check_types: 1 to reject a type no worker has registered a handler for (checked only
           once some worker has registered types), 0 to accept any
  ARGV[4]  count: number of tasks that follow
  ARGV[5..] six entries per task: id, type, payload (JSON text), max_attempts, timeout_ms,
           key (affinity key, '' for none)
  Returns: {'dup', id} when an ID exists and if_absent is 0; {'type', type} for an unknown type;
           else {'ok', assigned, backlogged, skipped id...}
]]
--@include lib/live
--@include lib/placement
--@include lib/times
--@include lib/claim
local now = ARGV[1]
-- tasks go out with a wake-up only while the batch's payloads stay under this (a pub/sub
-- message of many large payloads could pass Redis's output-buffer limit for subscribers)
local PUSH_MAX_BYTES = 1048576
local payload_bytes = 0
local default_attempts = tostring(DEFAULT_MAX_ATTEMPTS)
local if_absent = ARGV[2] == '1'
local count = tonumber(ARGV[4])
-- a batch small enough to be sent with one wake-up keeps what it writes of each assigned task
-- for the claim that sends it (lib/placement's pl_push_known); a larger one is rarely sent so
local keep_known = count <= PUSH_MAX
local skip = {}
local skipped = {}
if ARGV[3] == '1' and redis.call('HLEN', K.types()) > 0 then
  local seen = {}
  for i = 0, count - 1 do
    local t = ARGV[6 + i * 6]
    if not seen[t] then
      if redis.call('HEXISTS', K.types(), t) == 0 then return { 'type', t } end
      seen[t] = true
    end
  end
end
for i = 0, count - 1 do
  local id = ARGV[5 + i * 6]
  if redis.call('EXISTS', K.task(id)) == 1 then
    if not if_absent then return { 'dup', id } end
    skip[i] = true
    skipped[#skipped + 1] = id
  end
end
pl_begin()
local backlog = {}
local had_backlog = redis.call('LLEN', K.backlog()) > 0
local to_backlog = had_backlog
local assigned = 0
for i = 0, count - 1 do
  if not skip[i] then
    local b = 5 + i * 6
    local id = ARGV[b]
    local key = ARGV[b + 5]
    local w = nil
    if not to_backlog then w = pl_pick(key) end
    -- one HSET per task; fields at their default are left out (TaskFields)
    local f = { F.type, ARGV[b + 1], F.payload, ARGV[b + 2], F.submitted, now }
    payload_bytes = payload_bytes + #ARGV[b + 2]
    if w then
      f[#f + 1] = F.status
      f[#f + 1] = S.assigned
      f[#f + 1] = F.worker
      f[#f + 1] = w
      f[#f + 1] = F.assigned
      f[#f + 1] = now
    else
      f[#f + 1] = F.status
      f[#f + 1] = S.queued
    end
    if ARGV[b + 3] ~= default_attempts then
      f[#f + 1] = F.max_attempts
      f[#f + 1] = ARGV[b + 3]
    end
    if ARGV[b + 4] ~= '0' then
      f[#f + 1] = F.timeout_ms
      f[#f + 1] = ARGV[b + 4]
    end
    if key ~= '' then
      f[#f + 1] = F.key
      f[#f + 1] = key
    end
    redis.call('HSET', K.task(id), unpack(f))
    if w then
      if keep_known then
        -- status, worker, type, payload, timeout, attempt (none yet), submitted
        pl_push_known[id] = { S.assigned, w, ARGV[b + 1], ARGV[b + 2], ARGV[b + 4], false, now }
      end
      pl_place(id, w)
      assigned = assigned + 1
    else
      to_backlog = true
      backlog[#backlog + 1] = id
    end
  end
end
for i = 1, #backlog, 1000 do
  redis.call('RPUSH', K.backlog(), unpack(backlog, i, math.min(i + 999, #backlog)))
end
if #backlog > 0 and not had_backlog then pl_backlog_grew() end
-- with the backlog empty, idle workers get their tasks claimed and sent with the wake-up; with
-- tasks in it, a worker's own claim takes its inbox and the backlog's head in one call
if not to_backlog and payload_bytes <= PUSH_MAX_BYTES then pl_push_at = now end
pl_finish()
local out = { 'ok', assigned, #backlog }
for _, id in ipairs(skipped) do out[#out + 1] = id end
return out
