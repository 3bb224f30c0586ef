-- register-idempotency-key: remember the first request an Idempotency-Key was used for.
--
-- KEYS  1 yy:idem:{KEY}   the key's fingerprint (a single key: no hash tag needed)
-- ARGV  1 request fingerprint   2 time to keep the key (seconds)
-- Returns
--   1  the key is new, or was first used for this same request
--   0  the key was first used for a different request
local known = redis.call('GET', KEYS[1])
if known then
  if known == ARGV[1] then
    return 1
  end
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2]))
return 1
