--[[
  lib/requeue: returning tasks to the backlog and dead-lettering them. Needs lib/times.
  tl_dead(id, reason, now, submitted) marks a task dead with its reason and appends it to the
  dead list; submitted is the task's submitted field.
  tl_take_back(w, ids, running, now, back) hands task IDs that worker w held back: those still
  assigned to (or running on) w become queued and are appended to the table back; a running
  task whose attempts are used up is dead-lettered instead (counted in w's stats and announced
  on the events channel). Returns how many were dead-lettered.
  tl_unclaim(id, attempt) makes a task claimed but never started queued again, as if never
  claimed: attempt is its stored attempt, and the one the claim counted is given back.
]]
local function tl_unclaim(id, attempt)
  local h = K.task(id)
  attempt = (tonumber(attempt) or 1) - 1
  -- attempt 0 is not stored
  if attempt > 0 then
    redis.call('HSET', h, F.status, S.queued, F.worker, '', F.attempt, attempt)
  else
    redis.call('HSET', h, F.status, S.queued, F.worker, '')
    redis.call('HDEL', h, F.attempt)
  end
end

local function tl_dead(id, reason, now, submitted)
  redis.call('HSET', K.task(id), F.status, S.dead, F.error, reason, F.finished,
    tl_since(submitted, now))
  redis.call('RPUSH', K.dead(), id)
end

local function tl_take_back(w, ids, running, now, back)
  local want = running and S.running or S.assigned
  local dead = 0
  for _, id in ipairs(ids) do
    local h = K.task(id)
    local t = redis.call('HMGET', h, F.status, F.worker, F.attempt, F.max_attempts, F.submitted)
    if t[1] == want and t[2] == w then
      local attempt, max = tonumber(t[3]) or 0, tonumber(t[4]) or DEFAULT_MAX_ATTEMPTS
      if running and attempt >= max then
        tl_dead(id, 'worker ' .. w .. ' stopped while running attempt ' .. attempt .. ' of '
          .. max .. '; no attempts left', now, t[5])
        redis.call('PUBLISH', K.events(), id)
        dead = dead + 1
      else
        redis.call('HSET', h, F.status, S.queued, F.worker, '')
        back[#back + 1] = id
      end
    end
  end
  if dead > 0 then redis.call('HINCRBY', K.stats(w), 'dead', dead) end
  return dead
end

-- Puts task IDs at the head of the backlog, keeping their order.
local function tl_backlog_front(ids)
  for i = #ids, 1, -1 do redis.call('LPUSH', K.backlog(), ids[i]) end
end
