-- admit-booking: the checks of one booker before a claim, in one round trip: is the booker
-- locked out, and was this Idempotency-Key first used for this same request?
--
-- KEYS (both under the phone's hash tag {PHONE}, so the script runs unchanged on Redis Cluster)
--   1 yy:lock:{PHONE}       end of the booker's lock in epoch ms (set-booker-lock.lua writes it)
--   2 yy:idem:{PHONE}:KEY   fingerprint of the first request this phone sent with the key
-- ARGV
--   1 now (epoch ms)   2 request fingerprint   3 time to keep a new key (seconds)
-- Returns
--   {'LOCKED', until}   the booker is locked until then (epoch ms, as stored)
--   {'KEY_REUSED'}      the key was first used for a different request
--   {'ADMITTED'}        the key is new (remembered now) or was first used for this request
-- A new key is remembered even when the booker is locked: the key names the request, whatever
-- its answer. A lock whose end has passed but whose key Redis has not yet evicted is no lock.
local known = redis.call('GET', KEYS[2])
if not known then
  redis.call('SET', KEYS[2], ARGV[2], 'EX', tonumber(ARGV[3]))
end
local lockedUntil = redis.call('GET', KEYS[1])
if lockedUntil and tonumber(lockedUntil) > tonumber(ARGV[1]) then
  return {'LOCKED', lockedUntil}
end
if known and known ~= ARGV[2] then
  return {'KEY_REUSED'}
end
return {'ADMITTED'}
