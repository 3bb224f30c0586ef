-- restore-phone-bookings: put a phone's active bookings, read from PostgreSQL after Redis lost its
-- memory, back into its count, without the cap (they are booked already).
--
-- KEYS (under the phone's hash tag {PHONE}, so the script runs unchanged on Redis Cluster)
--   1 yy:phone:{PHONE}:active   sorted set booking id -> when it was counted (epoch ms)
-- ARGV
--   1 now (epoch ms)   2 time to keep the set (seconds; longer than the booking window)
--   3.. the booking ids
-- Returns
--   how many ids were not counted yet; an id counted already keeps when it was counted
local added = 0
for i = 3, #ARGV do
  added = added + redis.call('ZADD', KEYS[1], 'NX', ARGV[1], ARGV[i])
end
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
return added
