--[[
  lib/times: the task hash keeps started, finished and retry_at as milliseconds after its
  submitted field (TaskFields), which listpack stores in a few bytes instead of 9.
  tl_since(submitted, ms) gives epoch milliseconds ms in that form, as an integer string;
  submitted is the field as read (absent reads as 0). Tasks submitted in one batch share
  submitted, so the answer is kept per submitted value while ms stays the same (a script's now):
  one number conversion per batch instead of one per task.
]]
local tl_since_ms, tl_since_seen = nil, {}

local function tl_since(submitted, ms)
  if ms ~= tl_since_ms then tl_since_ms, tl_since_seen = ms, {} end
  local key = submitted or ''
  local v = tl_since_seen[key]
  if not v then
    v = string.format('%d', tonumber(ms) - (tonumber(submitted) or 0))
    tl_since_seen[key] = v
  end
  return v
end

-- Clears the per-call state above: the library keeps its locals from one call to the next.
local function reset_times()
  tl_since_ms, tl_since_seen = nil, {}
end
