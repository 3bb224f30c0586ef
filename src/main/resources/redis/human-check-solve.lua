-- Checks an answer to a human check. A check is single use and dies after its allowed wrong tries.
-- KEYS[1]  yy:hc:{hc:ID}   hash {digest, expiresAt (epoch ms), triesLeft}
-- ARGV[1]  now, epoch ms (the application's clock; this script never reads one)
-- ARGV[2]  keyed digest of the candidate answer
-- Returns  {0, 0}  solved; the check is deleted
--          {1, n}  wrong; n tries left (at 0 the check is deleted)
--          {2, 0}  no live check: never issued, expired, used or voided
local check = redis.call('HMGET', KEYS[1], 'digest', 'expiresAt', 'triesLeft')
if not check[1] then
  return {2, 0}
end
if tonumber(check[2]) <= tonumber(ARGV[1]) or tonumber(check[3]) <= 0 then
  redis.call('DEL', KEYS[1])
  return {2, 0}
end
if check[1] == ARGV[2] then
  redis.call('DEL', KEYS[1])
  return {0, 0}
end
local left = redis.call('HINCRBY', KEYS[1], 'triesLeft', -1)
if left <= 0 then
  redis.call('DEL', KEYS[1])
end
return {1, left}
