-- release-reserved: the places kept for a slot's line go back to the open market, because no
-- entry can be served in that slot any more (it starts within the booking lead, or has passed),
-- or, with 'IF_NOBODY_WAITS', because the slot's line is empty (checked here, not by the caller,
-- so an entry joining meanwhile keeps the place).
--
-- KEYS (hash tag {HALL:DATE})
--   1 yy:{H:D}:reserved   2 yy:{H:D}:remaining   3 yy:{H:D}:waiting
-- ARGV
--   1 slot start (HH:mm)   2 'ALWAYS' or 'IF_NOBODY_WAITS'
-- Returns
--   the number of places given back (0 when none were kept, or somebody waits)
local kept = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if kept <= 0 then
  return 0
end
if ARGV[2] == 'IF_NOBODY_WAITS' and tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0') > 0 then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], 0)
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then
  redis.call('HINCRBY', KEYS[2], ARGV[1], kept)
end
return kept
