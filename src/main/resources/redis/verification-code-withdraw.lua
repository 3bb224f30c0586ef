-- Withdraws a code whose SMS could not be sent: the user may ask again at once, and the failed
-- attempt does not count against the daily limit. Does nothing if another code replaced it.
-- KEYS[1]  yy:vc:{phone:N}:code          hash {digest, expiresAt, attemptsLeft}
-- KEYS[2]  yy:vc:{phone:N}:resend        epoch ms before which no new code is issued
-- KEYS[3]  yy:vc:{phone:N}:day:YYYYMMDD  codes issued on the day the code was issued
-- ARGV[1]  keyed digest of the withdrawn code
-- Returns  1 withdrawn, 0 nothing to withdraw
if redis.call('HGET', KEYS[1], 'digest') ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[1], KEYS[2])
if tonumber(redis.call('GET', KEYS[3]) or '0') > 0 then
  redis.call('DECR', KEYS[3])
end
return 1
