-- adjust-capacity: give a built hall-day a new plan (capacity per slot start) in one step,
-- keeping every place already taken: remaining = new capacity - taken. Slots absent from the
-- plan are removed (closed); a slot is never shrunk below, or removed with, places taken.
--
-- KEYS (hash tag {HALL:DATE})
--   1 yy:{H:D}:meta   2 yy:{H:D}:capacity   3 yy:{H:D}:remaining
-- ARGV
--   1 number of slots S in the new plan, then S pairs: start (HH:mm), capacity
-- Returns
--   {'ADJUSTED'}               the new plan is in place
--   {'NOT_BUILT'}              the hall-day is not built; its next build reads the new plan
--   {'BELOW_TAKEN', start, n}  slot start holds n places, more than the plan allows; nothing changed
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'NOT_BUILT'}
end
local planned = {}
local count = tonumber(ARGV[1])
for i = 0, count - 1 do
  planned[ARGV[2 + 2 * i]] = tonumber(ARGV[3 + 2 * i])
end
local taken = {}
local current = redis.call('HGETALL', KEYS[2])
for i = 1, #current, 2 do
  local start = current[i]
  local left = tonumber(redis.call('HGET', KEYS[3], start) or current[i + 1])
  taken[start] = tonumber(current[i + 1]) - left
  local allowed = planned[start] or 0
  if taken[start] > allowed then
    return {'BELOW_TAKEN', start, taken[start]}
  end
end
for i = 1, #current, 2 do
  if not planned[current[i]] then
    redis.call('HDEL', KEYS[2], current[i])
    redis.call('HDEL', KEYS[3], current[i])
  end
end
for start, capacity in pairs(planned) do
  redis.call('HSET', KEYS[2], start, capacity)
  redis.call('HSET', KEYS[3], start, capacity - (taken[start] or 0))
end
return {'ADJUSTED'}
