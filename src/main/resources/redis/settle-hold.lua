-- settle-hold: the taxpayer answered a reschedule proposal. ACCEPT makes the held place a
-- booking (and the taxpayer's booking of that day); RELEASE gives the place back.
-- The moved booking's own place is returned separately (cancel-booking), before ACCEPT.
--
-- KEYS (hash tag {HALL:DATE})
--   1 yy:{H:D}:remaining   2 yy:{H:D}:taxpayers   3 yy:{H:D}:bookings
--   4 yy:{H:D}:waiting     5 yy:{H:D}:reserved    (optional: a released place of a slot with a
--                          waiting line is kept for the line instead of the open market)
-- ARGV
--   1 held booking id   2 'ACCEPT' or 'RELEASE'   3 now (epoch ms)
-- Returns
--   'ACCEPTED'   'RELEASED'   'NOT_HELD' (no PENDING record with that id)
local json = redis.call('HGET', KEYS[3], ARGV[1])
if not json then
  return 'NOT_HELD'
end
local record = cjson.decode(json)
if record['status'] ~= 'PENDING' then
  return 'NOT_HELD'
end
if ARGV[2] == 'ACCEPT' then
  record['status'] = 'BOOKED'
  record['updatedAt'] = tonumber(ARGV[3])
  redis.call('HSET', KEYS[3], ARGV[1], cjson.encode(record))
  redis.call('HSET', KEYS[2], record['taxpayerId'], ARGV[1])
  return 'ACCEPTED'
end
if KEYS[5] and tonumber(redis.call('HGET', KEYS[4], record['start']) or '0') > 0 then
  redis.call('HINCRBY', KEYS[5], record['start'], 1)
else
  redis.call('HINCRBY', KEYS[1], record['start'], 1)
end
if redis.call('HGET', KEYS[2], record['taxpayerId']) == ARGV[1] then
  redis.call('HDEL', KEYS[2], record['taxpayerId'])
end
redis.call('HDEL', KEYS[3], ARGV[1])
return 'RELEASED'
