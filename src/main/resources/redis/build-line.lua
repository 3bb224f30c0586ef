-- build-line: lay down the waiting line of one hall-day from its WAITING entries in PostgreSQL,
-- once (after Redis lost its memory, or the first time the hall-day has a line).
--
-- KEYS (hash tag {HALL:DATE})
--   1 yy:{H:D}:line-built   2 yy:{H:D}:line   3 yy:{H:D}:line-entries   4 yy:{H:D}:waiting
--   5 yy:{H:D}:reserved
-- ARGV
--   1 now (epoch ms)   2 expire-at (epoch seconds)   3 number of entries N, then N pairs: seq, entry JSON
-- Returns
--   'BUILT'     the line is in place
--   'PRESENT'   it was built already (by another instance); nothing changed
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 'PRESENT'
end
for i = 2, 4 do
  redis.call('DEL', KEYS[i])
end
local count = tonumber(ARGV[3])
for i = 0, count - 1 do
  local json = ARGV[5 + 2 * i]
  local entry = cjson.decode(json)
  redis.call('ZADD', KEYS[2], tonumber(ARGV[4 + 2 * i]), entry['id'])
  redis.call('HSET', KEYS[3], entry['id'], json)
  for _, start in ipairs(entry['starts']) do
    redis.call('HINCRBY', KEYS[4], start, 1)
    redis.call('HSETNX', KEYS[5], start, 0)
  end
end
redis.call('SET', KEYS[1], ARGV[1])
local expireAt = tonumber(ARGV[2])
for i = 1, 5 do
  redis.call('EXPIREAT', KEYS[i], expireAt)
end
return 'BUILT'
