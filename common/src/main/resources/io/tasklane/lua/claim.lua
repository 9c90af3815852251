--[[
  claim: worker w starts up to max tasks from its inbox: each one's attempt is bumped (the
  fencing token), its status becomes running and it enters w's active set.
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  worker: the worker ID
  ARGV[2]  max: most tasks to claim
  ARGV[3]  now: epoch milliseconds
  Returns: five entries per claimed task: id, type, payload, attempt, timeout_ms
]]
--@include lib/live
--@include lib/placement
--@include lib/times
--@include lib/claim
pl_begin()
local out = claim(ARGV[1], tonumber(ARGV[2]), ARGV[3])
pl_finish()
return out
