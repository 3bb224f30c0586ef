-- Checks a candidate SMS code against the phone's live code. A code is single use and dies after
-- its allowed wrong attempts.
-- KEYS[1]  yy:vc:{phone:N}:code   hash {digest, expiresAt (epoch ms), attemptsLeft}
-- ARGV[1]  now, epoch ms (the application's clock; this script never reads one)
-- ARGV[2]  keyed digest of the candidate code
-- Returns  {0, 0}  matched; the code is deleted
--          {1, n}  wrong; n attempts left (at 0 the code is deleted)
--          {2, 0}  no live code: never issued, expired, used or voided
local code = redis.call('HMGET', KEYS[1], 'digest', 'expiresAt', 'attemptsLeft')
if not code[1] then
  return {2, 0}
end
if tonumber(code[2]) <= tonumber(ARGV[1]) or tonumber(code[3]) <= 0 then
  redis.call('DEL', KEYS[1])
  return {2, 0}
end
if code[1] == ARGV[2] then
  redis.call('DEL', KEYS[1])
  return {0, 0}
end
local left = redis.call('HINCRBY', KEYS[1], 'attemptsLeft', -1)
if left <= 0 then
  redis.call('DEL', KEYS[1])
end
return {1, left}
