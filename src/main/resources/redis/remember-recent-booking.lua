-- remember-recent-booking: add a booking to a phone's recent list, keep only the newest ones and
-- renew the list's expiry, in one round trip.
--
-- KEYS
--   1 yy:phone:{PHONE}:recent   sorted set booking id -> creation time (epoch ms)
-- ARGV
--   1 booking id   2 creation time (epoch ms)   3 how many of the newest to keep
--   4 time to keep the list (seconds)
-- Returns
--   the number of booking ids in the list
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 1))
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4]))
return redis.call('ZCARD', KEYS[1])
