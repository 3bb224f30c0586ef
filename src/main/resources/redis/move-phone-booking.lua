-- move-phone-booking: the booking an accepted reschedule made counts for its phone in place of the
-- old one, in one step and without the cap: the move replaces a booking, it adds none.
--
-- KEYS (under the phone's hash tag {PHONE}, so the script runs unchanged on Redis Cluster)
--   1 yy:phone:{PHONE}:active   sorted set booking id -> when it was counted (epoch ms)
-- ARGV
--   1 now (epoch ms)   2 the old booking id   3 the new booking id
--   4 time to keep the set (seconds; longer than the booking window)
-- Returns
--   1 always; running it again changes nothing (an accept finished later takes it again)
redis.call('ZREM', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[1], 'NX', ARGV[1], ARGV[3])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4]))
return 1
