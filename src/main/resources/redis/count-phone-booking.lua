-- count-phone-booking: count a booking against its phone's cap of active bookings before the
-- place is claimed, so parallel requests of one phone can never hold more than the cap.
--
-- KEYS (under the phone's hash tag {PHONE}, so the script runs unchanged on Redis Cluster)
--   1 yy:phone:{PHONE}:active   sorted set booking id -> when it was counted (epoch ms)
-- ARGV
--   1 now (epoch ms)   2 booking id   3 today in Asia/Shanghai as YYYYMMDD   4 the cap
--   5 time to keep the set (seconds; longer than the booking window)
-- Returns
--   {'COUNTED'}                             the booking is counted now (or was already)
--   {'AT_CAP', id1, countedAt1, id2, ...}   the phone holds the cap already; nothing counted
-- Booking ids name their day (HALL-YYYYMMDD-...); bookings of a day before today leave the set
-- first. Ids of bookings that stopped being active (cancelled, voided, a claim refused) are taken
-- out by their callers; one missed is found by the caller when the cap is reached.
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local day = string.match(id, '%-(%d%d%d%d%d%d%d%d)%-')
  if day and day < ARGV[3] then
    redis.call('ZREM', KEYS[1], id)
  end
end
if redis.call('ZSCORE', KEYS[1], ARGV[2]) then
  return {'COUNTED'}
end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then
  local held = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
  table.insert(held, 1, 'AT_CAP')
  return held
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[5]))
return {'COUNTED'}
