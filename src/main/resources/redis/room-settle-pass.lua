-- room-settle-pass: the booking a pass was bound to has ended. Booked: the pass is used for good
-- and stops counting as out (the place it was for is taken). Refused: the pass is unbound, so
-- its owner may try another slot with it while it lasts.
--
-- KEYS (hash tag {release:ID:HALL})
--   1 yr:{r}:meta  2 yr:{r}:admitted  3 yr:{r}:outstanding
-- ARGV
--   1 ticket   2 Idempotency-Key the pass was bound to   3 'BOOKED' or 'REFUSED'
-- Returns
--   'USED'       the pass is used           'UNBOUND'   the pass is free again
--   'NOT_BOUND'  the pass is not bound to that key; nothing changed
local record = redis.call('HGET', KEYS[2], ARGV[1])
if not record then
  return 'NOT_BOUND'
end
local pass, expiresAt, state, bound = string.match(record, '^([^|]*)|([^|]*)|([^|]*)|(.*)$')
if bound ~= ARGV[2] then
  return 'NOT_BOUND'
end
if ARGV[3] == 'BOOKED' then
  redis.call('HSET', KEYS[2], ARGV[1], pass .. '|' .. expiresAt .. '|USED|' .. bound)
  redis.call('ZREM', KEYS[3], ARGV[1])
  redis.call('HINCRBY', KEYS[1], 'version', 1)
  return 'USED'
end
if state == 'USED' then
  return 'NOT_BOUND'
end
redis.call('HSET', KEYS[2], ARGV[1], pass .. '|' .. expiresAt .. '|' .. state .. '|')
return 'UNBOUND'
