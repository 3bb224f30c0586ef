-- set-booker-lock: lock a booker (phone) out of every hall until a moment; the key ends on its own.
-- The lock lives under the phone's own hash tag; admit-booking.lua reads it before the hall-day claim.
--
-- KEYS
--   1 yy:lock:{phone}
-- ARGV
--   1 locked until (epoch ms, the value admit-booking.lua reads)   2 the same moment in epoch seconds
-- Returns
--   'LOCKED'
redis.call('SET', KEYS[1], ARGV[1])
redis.call('EXPIREAT', KEYS[1], tonumber(ARGV[2]))
return 'LOCKED'
