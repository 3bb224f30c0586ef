-- sign-in-failure: count a failed staff sign-in; lock the account after too many in a row.
--
-- KEYS (hash tag {username})
--   1 yy:staff:signin-failures:{u}   counter of failures in the window
--   2 yy:staff:signin-locked:{u}     present while the account is locked
-- ARGV
--   1 failure window (ms)   2 failures that lock   3 lock duration (ms)
-- Returns
--   {failures, 0}         the failure is counted
--   {failures, lockMs}    this failure locked the account for lockMs
local failures = redis.call('INCR', KEYS[1])
if failures == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
if failures >= tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
  return {failures, tonumber(ARGV[3])}
end
return {failures, 0}
