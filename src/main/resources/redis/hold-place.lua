-- hold-place: take a place in a slot for a proposed reschedule. Unlike claim-place it has no
-- Idempotency-Key and tolerates the taxpayer's own booking in the same hall-day (the one being
-- moved). The record is PENDING until the taxpayer answers (settle-hold).
--
-- KEYS (hash tag {HALL:DATE})
--   1 yy:{H:D}:meta   2 yy:{H:D}:remaining   3 yy:{H:D}:taxpayers   4 yy:{H:D}:bookings   5 yy:{H:D}:seq
-- ARGV
--   1 slot start (HH:mm)   2 new booking id   3 record JSON   4 now (epoch ms)
--   5 expire-at (epoch seconds)   6 taxpayer id
-- Returns
--   {'HELD', seq}   {'FULL'}   {'NO_SLOT'}   {'NOT_BUILT'}
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'NOT_BUILT'}
end
local remaining = redis.call('HGET', KEYS[2], ARGV[1])
if not remaining then
  return {'NO_SLOT'}
end
if tonumber(remaining) <= 0 then
  return {'FULL'}
end
redis.call('HINCRBY', KEYS[2], ARGV[1], -1)
local seq = redis.call('INCR', KEYS[5])
local record = cjson.decode(ARGV[3])
record['appointmentSeq'] = seq
record['status'] = 'PENDING'
record['updatedAt'] = tonumber(ARGV[4])
redis.call('HSET', KEYS[4], ARGV[2], cjson.encode(record))
if not redis.call('HGET', KEYS[3], ARGV[6]) then
  redis.call('HSET', KEYS[3], ARGV[6], ARGV[2])
end
local expireAt = tonumber(ARGV[5])
for i = 2, 5 do
  redis.call('EXPIREAT', KEYS[i], expireAt)
end
return {'HELD', seq}
