-- Issues a new SMS verification code for one phone if the phone's limits allow it.
-- KEYS[1]  yy:vc:{phone:N}:code          hash {digest, expiresAt (epoch ms), attemptsLeft}
-- KEYS[2]  yy:vc:{phone:N}:resend        epoch ms before which no new code is issued
-- KEYS[3]  yy:vc:{phone:N}:day:YYYYMMDD  codes issued on that province day
-- ARGV[1]  now, epoch ms (the application's clock; this script never reads one)
-- ARGV[2]  keyed digest of the new code
-- ARGV[3]  code lifetime, ms
-- ARGV[4]  least time between two codes, ms
-- ARGV[5]  codes allowed per day
-- ARGV[6]  retention of the day counter, ms
-- ARGV[7]  wrong attempts allowed for the code
-- Returns  {0, 0}   issued; any earlier code of the phone is replaced
--          {1, ms}  too soon: ms until a new code is allowed
--          {2, 0}   the daily limit is reached
local now = tonumber(ARGV[1])
local notBefore = tonumber(redis.call('GET', KEYS[2]) or '0')
if notBefore > now then
  return {1, notBefore - now}
end
local issuedToday = tonumber(redis.call('GET', KEYS[3]) or '0')
if issuedToday >= tonumber(ARGV[5]) then
  return {2, 0}
end
redis.call('INCR', KEYS[3])
redis.call('PEXPIRE', KEYS[3], ARGV[6])
redis.call('SET', KEYS[2], now + tonumber(ARGV[4]), 'PX', ARGV[4])
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'digest', ARGV[2], 'expiresAt', now + tonumber(ARGV[3]), 'attemptsLeft', ARGV[7])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {0, 0}
