-- leave-waitlist: take one entry out of the waiting line of a hall-day (the agent left it, or it
-- expired). A slot whose line becomes empty gives the places kept for it back to the open market
-- in the same step, so a place is never kept for nobody.
--
-- KEYS (hash tag {HALL:DATE})
--   1 yy:{H:D}:line   2 yy:{H:D}:line-entries   3 yy:{H:D}:waiting   4 yy:{H:D}:reserved
--   5 yy:{H:D}:remaining
-- ARGV
--   1 entry id
-- Returns
--   'LEFT'     the entry is out of the line
--   'ABSENT'   it was not in the line (left, served or expired already)
local json = redis.call('HGET', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
if not json then
  return 'ABSENT'
end
redis.call('HDEL', KEYS[2], ARGV[1])
for _, start in ipairs(cjson.decode(json)['starts']) do
  if redis.call('HINCRBY', KEYS[3], start, -1) <= 0 then
    redis.call('HDEL', KEYS[3], start)
    local kept = tonumber(redis.call('HGET', KEYS[4], start) or '0')
    if kept > 0 then
      redis.call('HSET', KEYS[4], start, 0)
      if redis.call('HEXISTS', KEYS[5], start) == 1 then
        redis.call('HINCRBY', KEYS[5], start, kept)
      end
    end
  end
end
return 'LEFT'
