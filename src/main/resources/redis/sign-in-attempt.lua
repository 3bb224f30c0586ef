-- sign-in-attempt: decide whether one staff sign-in from one client may check its password, and
-- count it as a failure before the check, so that parallel guesses cannot all pass the lock
-- together. A successful sign-in deletes the counts afterwards (KEYS 1 and 2).
--
-- KEYS (hash tag {username})
--   1 yy:staff:signin:{u}:client:ADDRESS  hash of this (account, client) pair: n = attempts in the
--                                         window, gen = the account generation they count in
--   2 yy:staff:signin:{u}:account         attempts on the account from every client in the window
--   3 yy:staff:signin:{u}:generation      raised by a password reset, which voids every pair's count
-- ARGV
--   1 window (ms)   2 attempts of one pair that lock the pair   3 how long the pair stays locked (ms)
-- Returns
--   {0, lockMs, 0}                          the pair is locked for lockMs more; no password check
--   {1, pairAttempts, accountAttempts}      check the password; this attempt is already counted
local generation = redis.call('GET', KEYS[3]) or '0'
local pair = redis.call('HMGET', KEYS[1], 'n', 'gen')
local attempts = tonumber(pair[1] or '0')
if pair[2] ~= generation then
  attempts = 0
  redis.call('DEL', KEYS[1])
end
local lockAfter = tonumber(ARGV[2])
if attempts >= lockAfter then
  return {0, redis.call('PTTL', KEYS[1]), 0}
end
attempts = redis.call('HINCRBY', KEYS[1], 'n', 1)
redis.call('HSET', KEYS[1], 'gen', generation)
if attempts >= lockAfter then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
elseif attempts == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
local account = redis.call('INCR', KEYS[2])
if account == 1 then
  redis.call('PEXPIRE', KEYS[2], ARGV[1])
end
return {1, attempts, account}
