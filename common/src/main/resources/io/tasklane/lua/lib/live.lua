--[[
  lib/live: a worker entering or leaving the indexes every strategy picks from: workers (by
  load), ring (lexicographic), wrr (stride pass), hashring (VNODES points) and latency (expected
  wait). Only live, non-draining, non-ejected workers are in them.
]]
local LL_FULL = 1e12
-- Bumped whenever a worker enters or leaves the indexes, so that a copy of an index taken
-- earlier in the same script call (lib/placement's load heap) knows it is out of date.
local live_epoch = 0

-- Expected wait of one more task on a worker: its mean run time times the tasks it would
-- have per slot; a worker with no free slot sorts after every worker that has one.
local function ll_score(inflight, conc, ewma)
  if inflight >= conc then return LL_FULL + inflight / conc end
  return (ewma or 0) * (inflight + 1) / conc
end

-- The load index's score: tasks in flight per slot, and among equal loads the worker with the
-- shorter mean run time first. The run-time term stays below 1e-7, so it never reorders
-- different loads of workers with up to 3,000 slots, and a full worker still scores 1 or more.
local function lc_score(inflight, conc, ewma)
  return inflight / conc + math.min(ewma or 0, 1e7) * 1e-14
end

local function live_points(w)
  local pts = {}
  for i = 1, K.VNODES do
    local m = w .. '#' .. i
    pts[#pts + 1] = tonumber(string.sub(redis.sha1hex(m), 1, 8), 16)
    pts[#pts + 1] = m
  end
  return pts
end

-- Keeps config inflight_total, the tasks in flight on live workers (for bounded loads).
local function live_add_total(delta)
  if redis.call('HINCRBY', K.config(), 'inflight_total', delta) < 0 then
    redis.call('HSET', K.config(), 'inflight_total', 0)
  end
end

-- Redis keeps a sorted set of up to zset-max-listpack-entries members (128 by default) as a
-- listpack, where a ZADD that rescores a member walks the entries and parses their scores: O(W)
-- per rescore instead of O(log W) in a skip list. The load indexes are rescored as tasks come
-- and go (at 100 workers a listpack cost power-of-two 5 µs of Redis time per task, and a batch's
-- write-back of 100 loads 1.3 µs per task). live_skiplist(key) makes such an index a skip list
-- by adding and removing a member too long for a listpack (8 KiB of '~', which no worker ID
-- holds; no reader ever sees it). It stays one until its key is deleted or Redis loads it from
-- disk again: a worker entering the indexes converts them, and lib/placement asks each index's
-- form (live_skiplist_once) before it first rescores it after the library loaded, as at a
-- restart, where Redis loads small sorted sets as listpacks.
local LISTPACK_BREAKER -- made at first use: a library's loading has no 'string'
-- Set when a Redis configured for listpack members of 8 KiB or more kept the form anyway: it is
-- not tried again while the library stays loaded (each try would write 16 KiB to the AOF and the
-- replicas). Not per-call state: reset_live leaves it.
local live_listpack_stays = false
-- Index keys whose form was asked since the library loaded. Not per-call state: reset_live
-- leaves it. A key deleted (its last worker gone) and made again is made by live_enter, which
-- asks again whatever this says.
local live_form_seen = {}

local function live_skiplist(key)
  live_form_seen[key] = true
  if live_listpack_stays or redis.call('OBJECT', 'ENCODING', key) ~= 'listpack' then return end
  LISTPACK_BREAKER = LISTPACK_BREAKER or string.rep('~', 8192)
  redis.call('ZADD', key, 0, LISTPACK_BREAKER)
  redis.call('ZREM', key, LISTPACK_BREAKER)
  if redis.call('OBJECT', 'ENCODING', key) == 'listpack' then live_listpack_stays = true end
end

local function live_skiplist_once(key)
  if not live_form_seen[key] then live_skiplist(key) end
end

local function live_enter(w)
  if redis.call('ZSCORE', K.workers(), w) then return end
  live_epoch = live_epoch + 1
  local v = redis.call('HMGET', K.worker(w), 'inflight', 'concurrency', 'ewma_us')
  local inflight, conc = tonumber(v[1]) or 0, tonumber(v[2]) or 1
  if inflight > 0 then live_add_total(inflight) end
  redis.call('ZADD', K.workers(), lc_score(inflight, conc, tonumber(v[3])), w)
  redis.call('ZADD', K.ring(), 0, w)
  local first = redis.call('ZRANGE', K.wrr(), 0, 0, 'WITHSCORES')
  redis.call('ZADD', K.wrr(), tonumber(first[2]) or 0, w)
  redis.call('ZADD', K.hashring(), unpack(live_points(w)))
  redis.call('ZADD', K.latency(), ll_score(inflight, conc, tonumber(v[3])), w)
  -- the indexes picks rescore (ring and hashring change only as workers come and go)
  live_skiplist(K.workers())
  live_skiplist(K.wrr())
  live_skiplist(K.latency())
end

local function live_exit(w)
  live_epoch = live_epoch + 1
  if redis.call('ZREM', K.workers(), w) == 1 then
    local inflight = tonumber(redis.call('HGET', K.worker(w), 'inflight')) or 0
    if inflight > 0 then live_add_total(-inflight) end
  end
  redis.call('ZREM', K.ring(), w)
  redis.call('ZREM', K.wrr(), w)
  redis.call('ZREM', K.latency(), w)
  local members = {}
  for i = 1, K.VNODES do members[i] = w .. '#' .. i end
  redis.call('ZREM', K.hashring(), unpack(members))
end

-- Clears the per-call state above: the library keeps its locals from one call to the next.
local function reset_live()
  live_epoch = 0
end
