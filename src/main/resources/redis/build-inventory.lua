-- build-inventory: lay down the live inventory of one hall and day, once.
-- The caller computed it from PostgreSQL (schedule minus persisted bookings) after the
-- booking events already in Kafka were persisted, so nothing confirmed is missing from it.
--
-- KEYS (hash tag {HALL:DATE})
--   1 yy:{H:D}:meta   2 yy:{H:D}:remaining   3 yy:{H:D}:capacity   4 yy:{H:D}:taxpayers
--   5 yy:{H:D}:idem   6 yy:{H:D}:bookings    7 yy:{H:D}:seq         8 yy:{H:D}:pending
--   9 yy:{H:D}:reserved (optional): places kept for a waiting line are part of the places the
--     build lays down afresh, so a leftover count is zeroed (it would count them twice)
-- ARGV
--   1 now (epoch ms)   2 expire-at (epoch seconds)   3 highest appointment seq in use
--   4 number of slots S, then S pairs: start, capacity
--   then the number of active bookings B, then B records JSON (with start, taxpayerId,
--   idempotencyKey, fingerprint), then the number of past bookings P (cancelled, withdrawn, ...),
--   then P records JSON: kept with their Idempotency-Key so a replay is answered with them, but
--   holding neither a place nor their taxpayer's one booking of the day
-- Returns
--   'BUILT'    the inventory is in place
--   'PRESENT'  it was built already (by another instance); nothing changed
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 'PRESENT'
end
for i = 2, 8 do
  redis.call('DEL', KEYS[i])
end
if KEYS[9] then
  -- Zeroed, not deleted: the key keeps the expiry the waiting line gave it.
  for _, start in ipairs(redis.call('HKEYS', KEYS[9])) do
    redis.call('HSET', KEYS[9], start, 0)
  end
end
local expireAt = tonumber(ARGV[2])
local slots = tonumber(ARGV[4])
local at = 5
for _ = 1, slots do
  redis.call('HSET', KEYS[3], ARGV[at], ARGV[at + 1])
  redis.call('HSET', KEYS[2], ARGV[at], ARGV[at + 1])
  at = at + 2
end
local bookings = tonumber(ARGV[at])
at = at + 1
for _ = 1, bookings do
  local record = cjson.decode(ARGV[at])
  local id = record['id']
  redis.call('HSET', KEYS[6], id, ARGV[at])
  redis.call('HSET', KEYS[4], record['taxpayerId'], id)
  if record['idempotencyKey'] then
    redis.call('HSET', KEYS[5], record['idempotencyKey'], id .. '|' .. record['fingerprint'])
  end
  if redis.call('HEXISTS', KEYS[2], record['start']) == 1 then
    redis.call('HINCRBY', KEYS[2], record['start'], -1)
  end
  at = at + 1
end
local past = tonumber(ARGV[at])
at = at + 1
for _ = 1, past do
  local record = cjson.decode(ARGV[at])
  redis.call('HSET', KEYS[6], record['id'], ARGV[at])
  if record['idempotencyKey'] then
    redis.call('HSET', KEYS[5], record['idempotencyKey'], record['id'] .. '|' .. record['fingerprint'])
  end
  at = at + 1
end
redis.call('SET', KEYS[7], ARGV[3])
redis.call('HSET', KEYS[1], 'builtAt', ARGV[1])
for i = 1, 7 do
  redis.call('EXPIREAT', KEYS[i], expireAt)
end
return 'BUILT'
