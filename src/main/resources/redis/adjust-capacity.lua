-- adjust-capacity: give a built hall-day a new plan (capacity per slot start) in one step,
-- keeping every place already taken: remaining = new capacity - taken. Slots absent from the
-- plan are removed (closed); a slot is never shrunk below, or removed with, places taken.
-- With the optional waiting-line keys, places kept for a slot's line (reserved) are free places,
-- not taken ones; places a raise adds to a slot whose line has entries go to the line, and a cut
-- takes from the open market first.
--
-- KEYS (hash tag {HALL:DATE})
--   1 yy:{H:D}:meta   2 yy:{H:D}:capacity   3 yy:{H:D}:remaining
--   4 yy:{H:D}:waiting (optional)   5 yy:{H:D}:reserved (optional)
-- ARGV
--   1 number of slots S in the new plan, then S pairs: start (HH:mm), capacity
-- Returns
--   {'ADJUSTED'}               the new plan is in place
--   {'NOT_BUILT'}              the hall-day is not built; its next build reads the new plan
--   {'BELOW_TAKEN', start, n}  slot start holds n places, more than the plan allows; nothing changed
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'NOT_BUILT'}
end
local function reservedOf(start)
  if not KEYS[5] then
    return 0
  end
  return tonumber(redis.call('HGET', KEYS[5], start) or '0')
end
local function waitingFor(start)
  if not KEYS[4] then
    return 0
  end
  return tonumber(redis.call('HGET', KEYS[4], start) or '0')
end
local planned = {}
local count = tonumber(ARGV[1])
for i = 0, count - 1 do
  planned[ARGV[2 + 2 * i]] = tonumber(ARGV[3 + 2 * i])
end
local taken = {}
local left = {}
local kept = {}
local current = redis.call('HGETALL', KEYS[2])
for i = 1, #current, 2 do
  local start = current[i]
  left[start] = tonumber(redis.call('HGET', KEYS[3], start) or current[i + 1])
  kept[start] = reservedOf(start)
  taken[start] = tonumber(current[i + 1]) - left[start] - kept[start]
  local allowed = planned[start] or 0
  if taken[start] > allowed then
    return {'BELOW_TAKEN', start, taken[start]}
  end
end
for i = 1, #current, 2 do
  if not planned[current[i]] then
    redis.call('HDEL', KEYS[2], current[i])
    redis.call('HDEL', KEYS[3], current[i])
    if KEYS[5] then
      redis.call('HDEL', KEYS[5], current[i])
    end
  end
end
for start, capacity in pairs(planned) do
  local free = capacity - (taken[start] or 0)
  local open = left[start] or 0
  local reserved = kept[start] or 0
  if free >= open + reserved then
    local added = free - open - reserved
    if waitingFor(start) > 0 then
      reserved = reserved + added
    else
      open = open + added
    end
  else
    local cut = open + reserved - free
    local fromOpen = math.min(open, cut)
    open = open - fromOpen
    reserved = reserved - (cut - fromOpen)
  end
  redis.call('HSET', KEYS[2], start, capacity)
  redis.call('HSET', KEYS[3], start, open)
  -- Written only where the line's keys exist already: they carry the hall-day's expiry.
  if KEYS[5] and (reserved > 0 or redis.call('HEXISTS', KEYS[5], start) == 1) then
    redis.call('HSET', KEYS[5], start, reserved)
  end
end
return {'ADJUSTED'}
