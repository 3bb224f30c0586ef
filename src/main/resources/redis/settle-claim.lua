-- settle-claim: after Kafka answered, make a PENDING claim BOOKED, or give its place back.
--
-- KEYS (hash tag {HALL:DATE})
--   1 yy:{H:D}:remaining   2 yy:{H:D}:taxpayers   3 yy:{H:D}:idem   4 yy:{H:D}:bookings
--   5 yy:{H:D}:pending     (the settled hold leaves it either way)
--   6 yy:{H:D}:waiting     7 yy:{H:D}:reserved    (optional: a released place of a slot with a
--                          waiting line is kept for the line instead of the open market)
-- ARGV
--   1 booking id   2 'CONFIRM' or 'RELEASE'
-- Returns
--   'CONFIRMED'   the record is now BOOKED
--   'RELEASED'    the place is back, the taxpayer and the key are free, the record is gone
--   'NOT_PENDING' no PENDING record with that id (the inventory was rebuilt, or settled already)
redis.call('ZREM', KEYS[5], ARGV[1])
local json = redis.call('HGET', KEYS[4], ARGV[1])
if not json then
  return 'NOT_PENDING'
end
local record = cjson.decode(json)
if record['status'] ~= 'PENDING' then
  return 'NOT_PENDING'
end
if ARGV[2] == 'CONFIRM' then
  record['status'] = 'BOOKED'
  redis.call('HSET', KEYS[4], ARGV[1], cjson.encode(record))
  return 'CONFIRMED'
end
if KEYS[7] and tonumber(redis.call('HGET', KEYS[6], record['start']) or '0') > 0 then
  redis.call('HINCRBY', KEYS[7], record['start'], 1)
else
  redis.call('HINCRBY', KEYS[1], record['start'], 1)
end
if redis.call('HGET', KEYS[2], record['taxpayerId']) == ARGV[1] then
  redis.call('HDEL', KEYS[2], record['taxpayerId'])
end
redis.call('HDEL', KEYS[3], record['idempotencyKey'])
redis.call('HDEL', KEYS[4], ARGV[1])
return 'RELEASED'
