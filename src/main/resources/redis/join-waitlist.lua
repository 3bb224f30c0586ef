-- join-waitlist: put one entry in the waiting line of a hall-day, for one or more full slots.
-- The entry is durable in PostgreSQL already (its seq orders the line); this makes it live.
--
-- KEYS (hash tag {HALL:DATE})
--   1 yy:{H:D}:meta        2 yy:{H:D}:remaining   3 yy:{H:D}:taxpayers
--   4 yy:{H:D}:line-built  string; present once the line is built from PostgreSQL
--   5 yy:{H:D}:line        sorted set entry id -> seq (joining order)
--   6 yy:{H:D}:line-entries hash entry id -> entry JSON (starts, taxpayerId, ...)
--   7 yy:{H:D}:waiting     hash HH:mm -> entries wanting the slot
--   8 yy:{H:D}:reserved    hash HH:mm -> free places kept for the slot's line
-- ARGV
--   1 entry id   2 seq   3 entry JSON with 'starts' (array of HH:mm) and 'taxpayerId'
--   4 expire-at of the hall-day keys (epoch seconds)
--   5 'JOIN', or 'RESTORE' for an entry already WAITING in PostgreSQL that lost its place in the
--     live line (its claim was not replicated and went back): no duplicate or full-slot check,
--     it goes back where its seq puts it
-- Returns
--   {'JOINED'}              the entry is in line (or was already)
--   {'NO_SLOT', start}      no such slot that day
--   {'DUPLICATE', id}       the taxpayer holds a booking at the hall that day already
--   {'NOT_FULL', start}     the slot has places on the open market: book it instead
--   {'NOT_BUILT'}           the inventory of the hall-day is not built yet
--   {'LINE_NOT_BUILT'}      the line is not built from PostgreSQL yet
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'NOT_BUILT'}
end
if redis.call('EXISTS', KEYS[4]) == 0 then
  return {'LINE_NOT_BUILT'}
end
if redis.call('ZSCORE', KEYS[5], ARGV[1]) then
  return {'JOINED'}
end
local entry = cjson.decode(ARGV[3])
local restore = ARGV[5] == 'RESTORE'
for _, start in ipairs(entry['starts']) do
  local remaining = redis.call('HGET', KEYS[2], start)
  if not remaining then
    return {'NO_SLOT', start}
  end
end
local holder = redis.call('HGET', KEYS[3], entry['taxpayerId'])
if holder and not restore then
  return {'DUPLICATE', holder}
end
for _, start in ipairs(entry['starts']) do
  if tonumber(redis.call('HGET', KEYS[2], start)) > 0 and not restore then
    return {'NOT_FULL', start}
  end
end
redis.call('ZADD', KEYS[5], tonumber(ARGV[2]), ARGV[1])
redis.call('HSET', KEYS[6], ARGV[1], ARGV[3])
for _, start in ipairs(entry['starts']) do
  redis.call('HINCRBY', KEYS[7], start, 1)
  redis.call('HSETNX', KEYS[8], start, 0)
end
local expireAt = tonumber(ARGV[4])
for i = 4, 8 do
  redis.call('EXPIREAT', KEYS[i], expireAt)
end
return {'JOINED'}
