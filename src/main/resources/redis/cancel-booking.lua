-- cancel-booking: an active booking is cancelled; its place returns to the slot.
-- Runs after the BookingCancelled event is durable in Kafka, so it only changes live state.
--
-- KEYS (hash tag {HALL:DATE})
--   1 yy:{H:D}:remaining   2 yy:{H:D}:taxpayers   3 yy:{H:D}:bookings
--   4 yy:{H:D}:waiting     5 yy:{H:D}:reserved    (optional: with them, a place of a slot that
--                          has a waiting line is kept for the line instead of the open market)
-- ARGV
--   1 booking id   2 now (epoch ms)   3 new status (CANCELLED or WITHDRAWN_BY_HALL)
-- Returns
--   'CANCELLED'   the place is back and the taxpayer may book that day again
--   'NOT_ACTIVE'  no such booking holding a place (already cancelled, or not in this inventory)
local json = redis.call('HGET', KEYS[3], ARGV[1])
if not json then
  return 'NOT_ACTIVE'
end
local record = cjson.decode(json)
local status = record['status']
if status ~= 'BOOKED' and status ~= 'PENDING' and status ~= 'RESCHEDULE_PROPOSED' then
  return 'NOT_ACTIVE'
end
record['status'] = ARGV[3]
record['updatedAt'] = tonumber(ARGV[2])
redis.call('HSET', KEYS[3], ARGV[1], cjson.encode(record))
if KEYS[5] and tonumber(redis.call('HGET', KEYS[4], record['start']) or '0') > 0 then
  redis.call('HINCRBY', KEYS[5], record['start'], 1)
else
  redis.call('HINCRBY', KEYS[1], record['start'], 1)
end
if redis.call('HGET', KEYS[2], record['taxpayerId']) == ARGV[1] then
  redis.call('HDEL', KEYS[2], record['taxpayerId'])
end
return 'CANCELLED'
