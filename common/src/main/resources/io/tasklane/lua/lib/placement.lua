--[[
  lib/placement: choosing a worker for a task and recording the assignment. Included by every
  script that assigns (after lib/live). Call pl_begin() once, then pl_pick()/pl_assign()/
  pl_drain_backlog(), then pl_finish() to write the buffered in-flight counts, the round-robin
  cursor and the wake-ups. A script that adds tasks to the backlog calls pl_backlog_grew();
  pl_finish() then wakes the dispatchers if the backlog still holds tasks.

  Strategies (the queue's choice is HGET config strategy; least-concurrency when unset). Each
  pick is O(log W) for W live workers:
    least-concurrency     lowest in-flight / concurrency, only if below 1 (never feeds a full
                          worker: the task waits in the backlog); among equal loads the worker
                          with the shorter mean run time (lc_score)
    round-robin           the next worker after a shared cursor, whatever its load
    weighted-round-robin  stride scheduling over --weight: the lowest pass, which then grows by
                          STRIDE / weight; the same smooth interleaving as nginx's smooth
                          weighted round-robin, without its O(W) scan
    random                a uniformly random worker, whatever its load
    power-of-two          two random workers, the one with the lower load if it has room; else
                          the least loaded worker with room
    key-affinity          the task's key hashed onto a ring of VNODES points per worker; the
                          first worker clockwise that has room and holds no more than
                          ceil(bound * (total in flight + 1) / W) tasks (consistent hashing with
                          bounded loads; bound is config affinity_bound, default 1.25). A task
                          without a key goes least-concurrency.
    least-latency         lowest expected wait: mean run time (EWMA) * (in flight + 1) /
                          concurrency, among workers with room
    shared                the peers' model, as a baseline: a worker with room, chosen at random
                          (else the least loaded); when every worker is full, the task waits in
                          the backlog for whichever worker frees a slot first
  A worker whose heartbeat key has expired is dropped from the indexes (state 'dead') and the
  next candidate is tried.

  Least-loaded picks read the HEAP_MAX least loaded workers of the load index into a binary heap
  and pick from it, writing each touched worker's load back once at the end, instead of one
  ZRANGE and one ZADD per task. In a larger pool the first worker left out of the read is the
  heap's bound: every worker outside the heap that this call has not touched is at least as
  loaded, so the heap's top is the least loaded worker of the pool while it is not past the
  bound (a worker touched outside the heap joins it). When the top passes the bound, the heap is
  written back and read again: O(log W + HEAP_MAX) per HEAP_MAX distinct workers a call touches,
  O(1) amortized per pick whatever the pool's size.
]]
local STRIDE = 1000000
local pl_strategy, pl_cursor, pl_cursor_moved, pl_bound, pl_total, pl_total_delta
local pl_steal_on, pl_steal_keyed
local pl_load = {}      -- w -> { inflight, concurrency, touched, weight, ewma_us, live,
                        --        load not yet written back from the heap, takes pushes }
local pl_alive = {}     -- w -> true/false for this call
local pl_touched = {}   -- workers whose counts changed, in order
local pl_push = {}      -- w -> task IDs to append to its inbox
local pl_live_count
local pl_push_at        -- set by a script that sends claimed tasks with wake-ups: the claim time
local pl_push_claim     -- lib/claim's claim_ids(w, ids, held, now, known), set as lib/claim loads
local pl_push_known = {} -- id -> the fields a claim reads (lib/claim's HMGET order), for tasks
                         -- whose hash this call wrote itself: their claim need not read it back
local PUSH_MAX = 16     -- most tasks sent with one wake-up
local HEAP_MAX = 128
local pl_heap           -- workers by (load, name); nil: not read in this call
local pl_heap_load = {} -- w -> load in the heap
local pl_heap_pos = {}  -- w -> index in pl_heap
local pl_heap_epoch     -- live_epoch when the heap was read
local pl_heap_bound     -- { load, name } of the first worker left out of the heap, or nil
local pl_heap_dirty = {} -- heap workers whose loads the index does not have yet

-- ZADD key XX score member [score member ...]. An index Redis loaded from disk in listpack form
-- is made a skip list first (lib/live's live_skiplist_once: asked once after the library loads).
local function pl_rescore(key, ...)
  live_skiplist_once(key)
  redis.call('ZADD', key, 'XX', ...)
end

local function heap_less(a, b)
  local la, lb = pl_heap_load[a], pl_heap_load[b]
  if la ~= lb then return la < lb end
  return a < b
end

local function heap_swap(i, j)
  local h = pl_heap
  h[i], h[j] = h[j], h[i]
  pl_heap_pos[h[i]] = i
  pl_heap_pos[h[j]] = j
end

local function heap_up(i)
  while i > 1 do
    local parent = math.floor(i / 2)
    if not heap_less(pl_heap[i], pl_heap[parent]) then return end
    heap_swap(i, parent)
    i = parent
  end
end

local function heap_down(i)
  local n = #pl_heap
  while true do
    local l, r, m = 2 * i, 2 * i + 1, i
    if l <= n and heap_less(pl_heap[l], pl_heap[m]) then m = l end
    if r <= n and heap_less(pl_heap[r], pl_heap[m]) then m = r end
    if m == i then return end
    heap_swap(i, m)
    i = m
  end
end

-- Gives w a new load in the heap, if the heap holds w.
local function heap_set(w, load)
  local i = pl_heap_pos[w]
  if not i then return end
  local old = pl_heap_load[w]
  pl_heap_load[w] = load
  if load < old then heap_up(i) else heap_down(i) end
end

local function heap_insert(w, load)
  local h = pl_heap
  h[#h + 1] = w
  pl_heap_pos[w] = #h
  pl_heap_load[w] = load
  heap_up(#h)
end

local function heap_remove(w)
  local i = pl_heap_pos[w]
  if not i then return end
  local last = #pl_heap
  heap_swap(i, last)
  pl_heap[last] = nil
  pl_heap_pos[w] = nil
  pl_heap_load[w] = nil
  if i < last then
    heap_up(i)
    heap_down(i)
  end
end
local pl_grew = false   -- this call added tasks to the backlog

local function pl_begin()
  local v = redis.call('HMGET', K.config(), 'strategy', 'rr', 'affinity_bound', 'inflight_total',
    'steal', 'steal_keyed')
  pl_strategy = v[1] or 'least-concurrency'
  pl_cursor = v[2]
  pl_cursor_moved = false
  pl_bound = tonumber(v[3]) or 1.25
  pl_total = tonumber(v[4]) or 0
  pl_total_delta = 0
  pl_steal_on = v[5] == '1'
  pl_steal_keyed = v[6] == '1'
end

-- w's load record; indexed is true when the caller just read w from the live index (saves
-- looking it up there).
local function pl_worker(w, indexed)
  local l = pl_load[w]
  if not l then
    local v = redis.call('HMGET', K.worker(w), 'inflight', 'concurrency', 'weight', 'ewma_us',
      'push')
    l = { tonumber(v[1]) or 0, tonumber(v[2]) or 1, false, tonumber(v[3]) or 1, tonumber(v[4]),
      indexed or redis.call('ZSCORE', K.workers(), w) ~= false, false, v[5] == '1' }
    pl_load[w] = l
  end
  return l
end

-- Whether a worker with free slots may take backlog tasks itself: true for the strategies
-- that never feed a full worker, whose backlog therefore waits for any free slot.
local function pl_pulls()
  return pl_strategy == 'least-concurrency' or pl_strategy == 'power-of-two'
    or pl_strategy == 'shared' or pl_strategy == 'least-latency'
end

local function pl_index_now()
  return pl_strategy == 'least-concurrency' or pl_strategy == 'power-of-two'
    or pl_strategy == 'shared' or pl_strategy == 'key-affinity'
end

-- Adds delta to the worker's in-flight count. The count is written in pl_finish; the load
-- index at once when the strategy reads it for the next pick. Needs pl_begin().
local function pl_add_inflight(w, delta)
  local l = pl_worker(w)
  local before = l[1]
  l[1] = l[1] + delta
  if l[1] < 0 then l[1] = 0 end
  if l[6] then pl_total_delta = pl_total_delta + (l[1] - before) end
  if not l[3] then
    l[3] = true
    pl_touched[#pl_touched + 1] = w
  end
  if pl_heap then
    local load = lc_score(l[1], l[2], l[5])
    if pl_heap_pos[w] then
      heap_set(w, load)
    elseif pl_heap_bound and l[6] then
      heap_insert(w, load)
    end
    if not l[7] then
      l[7] = true
      pl_heap_dirty[#pl_heap_dirty + 1] = w
    end
  elseif pl_index_now() then
    pl_rescore(K.workers(), lc_score(l[1], l[2], l[5]), w)
  elseif pl_strategy == 'least-latency' then
    pl_rescore(K.latency(), ll_score(l[1], l[2], l[5]), w)
  end
  return l
end

local function pl_is_alive(w)
  local a = pl_alive[w]
  if a == nil then
    a = redis.call('EXISTS', K.alive(w)) == 1
    pl_alive[w] = a
  end
  return a
end

local function pl_drop_dead(w)
  local current = pl_heap and pl_heap_epoch == live_epoch
  live_exit(w)
  if pl_load[w] then pl_load[w][6] = false end
  if pl_heap then
    heap_remove(w)
    -- still the index's least loaded, less w (unless it was out of date already)
    if current then pl_heap_epoch = live_epoch end
  end
  redis.call('HSET', K.worker(w), 'state', 'dead')
end

-- Writes the loads the heap changed back to the index, up to 200 in one ZADD.
local function pl_flush_heap()
  if not pl_heap then return end
  local args = {}
  for _, w in ipairs(pl_heap_dirty) do
    local l = pl_load[w]
    l[7] = false
    if l[6] then
      args[#args + 1] = lc_score(l[1], l[2], l[5])
      args[#args + 1] = w
      if #args >= 400 then
        pl_rescore(K.workers(), unpack(args))
        args = {}
      end
    end
  end
  if #args > 0 then pl_rescore(K.workers(), unpack(args)) end
  pl_heap_dirty = {}
end

-- Reads the HEAP_MAX least loaded workers of the index into the heap (after writing back what
-- the heap changed), and the bound: the next worker, when the pool has more.
local function pl_read_heap()
  pl_flush_heap()
  local r = redis.call('ZRANGE', K.workers(), 0, HEAP_MAX, 'WITHSCORES')
  local h, load, pos = {}, {}, {}
  local n = math.min(#r, 2 * HEAP_MAX)
  for i = 1, n, 2 do
    local w = r[i]
    h[#h + 1] = w
    load[w] = tonumber(r[i + 1])
    pos[w] = #h
  end
  pl_heap_bound = nil
  if #r > n then pl_heap_bound = { tonumber(r[n + 2]), r[n + 1] } end
  for _, w in ipairs(h) do
    local l = pl_load[w]
    if l then load[w] = lc_score(l[1], l[2], l[5]) end
  end
  pl_heap, pl_heap_load, pl_heap_pos, pl_heap_epoch = h, load, pos, live_epoch
  -- in index order (load, then name): a valid heap unless loads read above differ
  for i = math.floor(#h / 2), 1, -1 do heap_down(i) end
  return h
end

-- The load heap of this call, read on first use and again after a worker entered or left the
-- index.
local function pl_load_heap()
  if pl_heap and pl_heap_epoch == live_epoch then return pl_heap end
  return pl_read_heap()
end

-- Whether a heap top of this load is past the bound (a worker outside the heap may be less
-- loaded).
local function pl_past_bound(w, load)
  local b = pl_heap_bound
  return b ~= nil and (load > b[1] or load == b[1] and w > b[2])
end

local function pl_has_room(w)
  local l = pl_worker(w)
  return l[1] < l[2]
end

local function pl_pick_least()
  local h = pl_load_heap()
  local reads = 0 -- in this pick: a fresh read's top is the least loaded (not past its bound)
  while true do
    local w = h[1]
    if not w then
      -- emptied by dead workers, dropped from the index meanwhile
      if not pl_heap_bound or reads >= 8 then return nil end
      h, reads = pl_read_heap(), reads + 1
    else
      local l = pl_worker(w, true)
      local load = lc_score(l[1], l[2], l[5])
      if load ~= pl_heap_load[w] then
        heap_set(w, load)
      elseif reads == 0 and pl_past_bound(w, load) then
        h, reads = pl_read_heap(), 1
      elseif load >= 1 then
        return nil
      elseif pl_is_alive(w) then
        return w
      else
        pl_drop_dead(w)
      end
    end
  end
end

-- The ring's next worker after the cursor, from a window of up to RR_READ read at once (again
-- after a worker entered or left the ring); a window that holds the whole ring is cycled.
local RR_READ = 64
local pl_rr_buf, pl_rr_i, pl_rr_whole, pl_rr_epoch
local function pl_rr_next()
  if pl_rr_buf and pl_rr_epoch == live_epoch then
    if pl_rr_i > #pl_rr_buf and pl_rr_whole then pl_rr_i = 1 end
    if pl_rr_i <= #pl_rr_buf then
      pl_rr_i = pl_rr_i + 1
      return pl_rr_buf[pl_rr_i - 1]
    end
  end
  local r
  if pl_cursor then
    r = redis.call('ZRANGEBYLEX', K.ring(), '(' .. pl_cursor, '+', 'LIMIT', 0, RR_READ)
  end
  local whole = false
  if not r or #r == 0 then
    r = redis.call('ZRANGE', K.ring(), 0, RR_READ - 1)
    whole = #r < RR_READ
  end
  pl_rr_buf, pl_rr_i, pl_rr_whole, pl_rr_epoch = r, 2, whole, live_epoch
  return r[1]
end

local function pl_pick_round_robin()
  for _ = 1, 32 do
    local w = pl_rr_next()
    if not w then return nil end
    pl_cursor = w
    pl_cursor_moved = true
    if pl_is_alive(w) then return w end
    pl_drop_dead(w)
  end
  return nil
end

local function pl_pick_weighted()
  for _ = 1, 32 do
    local r = redis.call('ZRANGE', K.wrr(), 0, 0)
    if #r == 0 then return nil end
    local w = r[1]
    if pl_is_alive(w) then
      local key = K.wrr()
      live_skiplist_once(key)
      redis.call('ZINCRBY', key, STRIDE / pl_worker(w)[4], w)
      return w
    end
    pl_drop_dead(w)
  end
  return nil
end

local function pl_pick_random()
  for _ = 1, 32 do
    local w = redis.call('ZRANDMEMBER', K.ring())
    if not w then return nil end
    if pl_is_alive(w) then return w end
    pl_drop_dead(w)
  end
  return nil
end

local function pl_pick_two()
  for _ = 1, 16 do
    local r = redis.call('ZRANDMEMBER', K.ring(), 2)
    if #r == 0 then return nil end
    local best, best_load, dead = nil, nil, false
    for _, w in ipairs(r) do
      if not pl_is_alive(w) then
        pl_drop_dead(w)
        dead = true
      else
        local l = pl_worker(w)
        local load = lc_score(l[1], l[2], l[5])
        if load < 1 and (not best_load or load < best_load) then best, best_load = w, load end
      end
    end
    if best then return best end
    if not dead then return pl_pick_least() end
  end
  return nil
end

local function pl_pick_shared()
  local r = redis.call('ZRANDMEMBER', K.ring(), 3)
  for _, w in ipairs(r) do
    if pl_is_alive(w) and pl_has_room(w) then return w end
  end
  return pl_pick_least()
end

local function pl_pick_affinity(key)
  if not key or key == '' then return pl_pick_least() end
  local live = pl_live_count
  if not live then
    live = redis.call('ZCARD', K.workers())
    pl_live_count = live
  end
  if live == 0 then return nil end
  local cap = math.ceil(pl_bound * (pl_total + pl_total_delta + 1) / live)
  local h = tonumber(string.sub(redis.sha1hex(key), 1, 8), 16)
  local seen = {}
  local tried = 0
  local from = h
  for _ = 1, 8 do
    local r = redis.call('ZRANGEBYSCORE', K.hashring(), from, '+inf', 'WITHSCORES', 'LIMIT', 0, 16)
    if #r == 0 then
      if from == '-inf' then return nil end
      from = '-inf'
    else
      for i = 1, #r, 2 do
        local w = string.match(r[i], '^(.*)#%d+$')
        if not seen[w] then
          seen[w] = true
          tried = tried + 1
          if not pl_is_alive(w) then
            pl_drop_dead(w)
          else
            local l = pl_worker(w)
            if l[1] < l[2] and l[1] + 1 <= cap then return w end
          end
          if tried >= live then return nil end
        end
      end
      from = '(' .. r[#r]
    end
  end
  return nil
end

local function pl_pick_latency()
  for _ = 1, 32 do
    local r = redis.call('ZRANGE', K.latency(), 0, 0, 'WITHSCORES')
    if #r == 0 or tonumber(r[2]) >= LL_FULL then return nil end
    if pl_is_alive(r[1]) then return r[1] end
    pl_drop_dead(r[1])
  end
  return nil
end

-- The worker the next task goes to, or nil when it must wait in the backlog. key is the
-- task's affinity key, if any.
local function pl_pick(key)
  local s = pl_strategy
  if s == 'round-robin' then return pl_pick_round_robin() end
  if s == 'weighted-round-robin' then return pl_pick_weighted() end
  if s == 'random' then return pl_pick_random() end
  if s == 'power-of-two' then return pl_pick_two() end
  if s == 'key-affinity' then return pl_pick_affinity(key) end
  if s == 'least-latency' then return pl_pick_latency() end
  if s == 'shared' then return pl_pick_shared() end
  return pl_pick_least()
end

-- Queues task id for w's inbox and counts it in w's load; the caller writes the task's
-- status, worker and assigned time.
local function pl_place(id, w)
  local q = pl_push[w]
  if not q then
    q = {}
    pl_push[w] = q
  end
  q[#q + 1] = id
  pl_add_inflight(w, 1)
end

-- Records that task id (status queued) now belongs to worker w.
local function pl_assign(id, w, now)
  redis.call('HSET', K.task(id), F.status, S.assigned, F.worker, w, F.assigned, now)
  pl_place(id, w)
end

-- Assigns up to limit backlog tasks while some worker can take one; returns how many.
local function pl_drain_backlog(limit, now)
  local n = 0
  while n < limit do
    local id = redis.call('LPOP', K.backlog())
    if not id then break end
    local t = redis.call('HMGET', K.task(id), F.status, F.key)
    if t[1] == S.queued then
      local w = pl_pick(t[2])
      if not w then
        redis.call('LPUSH', K.backlog(), id)
        break
      end
      pl_assign(id, w, now)
      n = n + 1
    end
  end
  return n
end

-- Appends the assigned IDs to the inboxes and wakes their workers, except quiet_worker: the
-- caller itself, which learns of its tasks from the script's reply. Only an inbox that was
-- empty gets a wake-up: a worker whose inbox already held tasks was woken for them and claims
-- again while its claims fill every slot they ask for (and its heartbeat reports the inbox
-- length, should a wake-up be lost).
--
-- An idle worker that takes pushes (its inbox empty, in placement, a slot for each task, at
-- most PUSH_MAX of them, in a script that set pl_push_at) gets its tasks claimed for it
-- straight away, never entering the inbox, and sent with the wake-up: lib/claim's five entries
-- per task, each followed by a NUL byte, which no ID, type or JSON text holds. It starts them
-- without a claim call of its own; a wake-up it never receives leaves them running on it, and
-- its heartbeat's reconcile takes them back. Others get the first task's ID and claim.
local function pl_flush_inboxes(quiet_worker)
  for w, ids in pairs(pl_push) do
    local l = pl_load[w]
    if w ~= quiet_worker and pl_push_at and #ids <= PUSH_MAX and l and l[8] and l[6]
        and l[1] <= l[2] and redis.call('LLEN', K.inbox(w)) == 0 then
      local claimed = pl_push_claim(w, ids, #ids, pl_push_at, pl_push_known)
      if #claimed > 0 then
        for i = 1, #claimed do
          if not claimed[i] then claimed[i] = '' end -- a field missing from the task hash
        end
        redis.call('PUBLISH', K.worker_channel(w), table.concat(claimed, '\0') .. '\0')
      end
    else
      local len = 0
      for i = 1, #ids, 1000 do
        len = redis.call('RPUSH', K.inbox(w), unpack(ids, i, math.min(i + 999, #ids)))
      end
      if w ~= quiet_worker and len == #ids then
        redis.call('PUBLISH', K.worker_channel(w), ids[1])
      end
    end
  end
  pl_push, pl_push_known = {}, {}
end

-- The caller added tasks to the backlog (not a task pl_drain_backlog put back): pl_finish()
-- announces it on the backlog channel if they are still there, so that an idle dispatcher
-- looks at once. Submit calls it only when the backlog was empty before.
local function pl_backlog_grew()
  pl_grew = true
end

-- Appends to inboxes and wakes workers, writes in-flight counts and indexes, moves the cursor
-- (and wakes dispatchers, after pl_backlog_grew()). The strategies that read the indexes for every
-- pick have them current already.
local function pl_finish()
  -- inboxes first: a worker's tasks claimed with its wake-up change its count
  pl_flush_inboxes(nil)
  local indexed = pl_index_now() or pl_heap
  pl_flush_heap()
  local lc, ll = {}, {}
  for _, w in ipairs(pl_touched) do
    local l = pl_load[w]
    l[3] = false
    redis.call('HSET', K.worker(w), 'inflight', l[1])
    if not indexed then
      lc[#lc + 1] = lc_score(l[1], l[2], l[5])
      lc[#lc + 1] = w
    end
    if pl_strategy == 'least-latency' then
      ll[#ll + 1] = ll_score(l[1], l[2], l[5])
      ll[#ll + 1] = w
    end
    if #lc >= 400 then
      pl_rescore(K.workers(), unpack(lc))
      lc = {}
    end
    if #ll >= 400 then
      pl_rescore(K.latency(), unpack(ll))
      ll = {}
    end
  end
  if #lc > 0 then pl_rescore(K.workers(), unpack(lc)) end
  if #ll > 0 then pl_rescore(K.latency(), unpack(ll)) end
  pl_touched = {}
  if pl_total_delta ~= 0 then
    live_add_total(pl_total_delta)
    pl_total = pl_total + pl_total_delta
    pl_total_delta = 0
  end
  if pl_cursor_moved then redis.call('HSET', K.config(), 'rr', pl_cursor) end
  if pl_grew then
    pl_grew = false
    local left = redis.call('LLEN', K.backlog())
    if left > 0 then redis.call('PUBLISH', K.backlog_channel(), left) end
  end
end

-- Work stealing: worker w, idle, takes up to n unstarted tasks from the tail of the inbox of the
-- most loaded live worker. A task with an affinity key stays with its worker while that worker
-- lives, unless config steal_keyed is 1. Returns the IDs, now assigned to w.
local function pl_steal(w, n, now)
  pl_flush_heap()
  local r = redis.call('ZRANGE', K.workers(), -1, -1)
  local v = r[1]
  if not v or v == w then return {} end
  local out, keep, gone = {}, {}, 0
  local victim_alive = pl_is_alive(v)
  for _ = 1, 4 do
    local got = redis.call('RPOP', K.inbox(v), n - #out)
    if not got then break end
    for _, id in ipairs(got) do
      local t = redis.call('HMGET', K.task(id), F.status, F.worker, F.key)
      if t[1] ~= S.assigned or t[2] ~= v then
        gone = gone + 1
      elseif t[3] and t[3] ~= '' and victim_alive and not pl_steal_keyed then
        keep[#keep + 1] = id
      else
        redis.call('HSET', K.task(id), F.worker, w, F.assigned, now)
        out[#out + 1] = id
      end
    end
    if #out >= n then break end
  end
  for i = #keep, 1, -1 do redis.call('RPUSH', K.inbox(v), keep[i]) end
  if #out + gone > 0 then pl_add_inflight(v, -(#out + gone)) end
  if #out > 0 then
    pl_add_inflight(w, #out)
    redis.call('HINCRBY', K.stats(w), 'stolen', #out)
  end
  return out
end

-- Clears the per-call state above: the library keeps its locals from one call to the next.
local function reset_placement()
  pl_strategy, pl_cursor, pl_cursor_moved, pl_bound, pl_total, pl_total_delta = nil
  pl_steal_on, pl_steal_keyed = nil, nil
  pl_load, pl_alive, pl_touched, pl_push, pl_push_known = {}, {}, {}, {}, {}
  pl_live_count, pl_push_at = nil, nil
  pl_heap, pl_heap_epoch, pl_heap_bound = nil, nil, nil
  pl_heap_load, pl_heap_pos, pl_heap_dirty = {}, {}, {}
  pl_grew = false
  pl_rr_buf, pl_rr_i, pl_rr_whole, pl_rr_epoch = nil, nil, nil, nil
end
