--[[
  purge_dead: deletes up to limit dead-lettered tasks, oldest first: their hashes and their
  entries in the dead list.
  KEYS[1]  queue prefix, tl:{q}:
  ARGV[1]  limit: most tasks to delete in this call
  Returns: {deleted, dead tasks left}
]]
local ids = redis.call('LPOP', K.dead(), tonumber(ARGV[1]))
local n = 0
if ids then
  for _, id in ipairs(ids) do
    if redis.call('HGET', K.task(id), F.status) == S.dead then
      redis.call('DEL', K.task(id))
      n = n + 1
    end
  end
end
return { n, redis.call('LLEN', K.dead()) }
