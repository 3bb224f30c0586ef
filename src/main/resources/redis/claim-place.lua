-- claim-place: atomically take one place in a slot of one hall and day for one taxpayer.
--
-- KEYS (all under one hash tag {HALL:DATE}, so the script runs unchanged on Redis Cluster)
--   1 yy:{H:D}:meta        hash; exists once the hall-day inventory is built
--   2 yy:{H:D}:remaining   hash slot start (HH:mm) -> places left
--   3 yy:{H:D}:taxpayers   hash taxpayer id -> active booking id (one per hall and day)
--   4 yy:{H:D}:idem        hash Idempotency-Key -> "bookingId|fingerprint"
--   5 yy:{H:D}:bookings    hash booking id -> booking record (JSON)
--   6 yy:{H:D}:seq         counter behind the appointment numbers of the hall-day
--   7 yy:{H:D}:pending     sorted set booking id -> claimed at (ms): holds not yet settled
-- ARGV
--   1 slot start (HH:mm)   2 taxpayer id   3 Idempotency-Key   4 request fingerprint
--   5 new booking id       6 booking record JSON without appointmentSeq/status/claimedAt
--   7 now (epoch ms)       8 expire-at of the hall-day keys (epoch seconds)
-- Returns
--   {'CLAIMED', id, seq}            the place is taken, record stored as PENDING
--   {'REPLAYED', id}                same key and fingerprint: the earlier booking
--   {'KEY_REUSED'}                  same key, different fingerprint
--   {'DUPLICATE', id}               the taxpayer already holds an active booking that day
--   {'FULL'}                        no place left in the slot
--   {'NO_SLOT'}                     no such slot that day (closed or outside the sessions)
--   {'NOT_BUILT'}                   the inventory of the hall-day is not built yet
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'NOT_BUILT'}
end
local earlier = redis.call('HGET', KEYS[4], ARGV[3])
if earlier then
  local sep = string.find(earlier, '|', 1, true)
  local id = string.sub(earlier, 1, sep - 1)
  if string.sub(earlier, sep + 1) == ARGV[4] then
    return {'REPLAYED', id}
  end
  return {'KEY_REUSED'}
end
local remaining = redis.call('HGET', KEYS[2], ARGV[1])
if not remaining then
  return {'NO_SLOT'}
end
local holder = redis.call('HGET', KEYS[3], ARGV[2])
if holder then
  return {'DUPLICATE', holder}
end
if tonumber(remaining) <= 0 then
  return {'FULL'}
end
redis.call('HINCRBY', KEYS[2], ARGV[1], -1)
local seq = redis.call('INCR', KEYS[6])
local record = cjson.decode(ARGV[6])
record['appointmentSeq'] = seq
record['status'] = 'PENDING'
record['claimedAt'] = tonumber(ARGV[7])
record['idempotencyKey'] = ARGV[3]
record['fingerprint'] = ARGV[4]
redis.call('HSET', KEYS[5], ARGV[5], cjson.encode(record))
redis.call('HSET', KEYS[3], ARGV[2], ARGV[5])
redis.call('HSET', KEYS[4], ARGV[3], ARGV[5] .. '|' .. ARGV[4])
redis.call('ZADD', KEYS[7], tonumber(ARGV[7]), ARGV[5])
local expireAt = tonumber(ARGV[8])
for i = 3, 7 do
  redis.call('EXPIREAT', KEYS[i], expireAt)
end
return {'CLAIMED', ARGV[5], seq}
