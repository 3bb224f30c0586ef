-- take-waitlist-place: an entry first in line for a slot takes a free place of that slot, as a
-- claim: the record is held PENDING (settled by settle-claim like any claim) and the entry leaves
-- the line for all its slots. A place kept for the line (reserved) is taken first; an open-market
-- place only when none is kept (the line was rebuilt after Redis lost its memory, and the
-- inventory's rebuild gave every free place to the market). With n free places in the slot only
-- the first n entries in line for it may take one, each once (the entry's key), so instances
-- racing for the places serve the right entries, each once, and never more entries than places.
--
-- KEYS (hash tag {HALL:DATE})
--   1 yy:{H:D}:meta      2 yy:{H:D}:remaining   3 yy:{H:D}:taxpayers   4 yy:{H:D}:idem
--   5 yy:{H:D}:bookings  6 yy:{H:D}:seq         7 yy:{H:D}:pending     8 yy:{H:D}:line-built
--   9 yy:{H:D}:line     10 yy:{H:D}:line-entries 11 yy:{H:D}:waiting  12 yy:{H:D}:reserved
-- ARGV
--   1 slot start (HH:mm)   2 entry id   3 taxpayer id   4 Idempotency-Key of the entry's claim
--   5 request fingerprint  6 new booking id   7 booking record JSON   8 now (epoch ms)
--   9 expire-at of the hall-day keys (epoch seconds)
-- Returns
--   {'CLAIMED', id, seq}   the place is held for the entry, which left the line
--   {'REPLAYED', id}       the entry took a place before (this key, or its taxpayer's booking
--                          carries the entry's key prefix): that booking
--   {'DUPLICATE', id}      the taxpayer holds another booking that day; the entry left the line
--   {'GONE'}               the entry is not in line any more
--   {'NOT_HEAD'}           the slot's free places belong to entries ahead of this one (or none
--                          is free, or the entry does not want the slot)
--   {'NO_SLOT'}            no such slot that day
--   {'NOT_BUILT'}          the inventory is not built     {'LINE_NOT_BUILT'} nor the line
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'NOT_BUILT'}
end
if redis.call('EXISTS', KEYS[8]) == 0 then
  return {'LINE_NOT_BUILT'}
end
local start = ARGV[1]

local function leaveLine(entryId)
  local json = redis.call('HGET', KEYS[10], entryId)
  redis.call('ZREM', KEYS[9], entryId)
  if not json then
    return
  end
  redis.call('HDEL', KEYS[10], entryId)
  for _, wanted in ipairs(cjson.decode(json)['starts']) do
    if redis.call('HINCRBY', KEYS[11], wanted, -1) <= 0 then
      redis.call('HDEL', KEYS[11], wanted)
      local kept = tonumber(redis.call('HGET', KEYS[12], wanted) or '0')
      if kept > 0 then
        redis.call('HSET', KEYS[12], wanted, 0)
        if redis.call('HEXISTS', KEYS[2], wanted) == 1 then
          redis.call('HINCRBY', KEYS[2], wanted, kept)
        end
      end
    end
  end
end

local earlier = redis.call('HGET', KEYS[4], ARGV[4])
if earlier then
  leaveLine(ARGV[2])
  return {'REPLAYED', string.sub(earlier, 1, string.find(earlier, '|', 1, true) - 1)}
end
if not redis.call('ZSCORE', KEYS[9], ARGV[2]) then
  return {'GONE'}
end
local remaining = redis.call('HGET', KEYS[2], start)
if not remaining then
  return {'NO_SLOT'}
end
local kept = tonumber(redis.call('HGET', KEYS[12], start) or '0')
local free = kept + math.max(tonumber(remaining), 0)
local function wants(entryId)
  local json = redis.call('HGET', KEYS[10], entryId)
  if not json then
    return false
  end
  for _, wanted in ipairs(cjson.decode(json)['starts']) do
    if wanted == start then
      return true
    end
  end
  return false
end
if not wants(ARGV[2]) then
  return {'NOT_HEAD'}
end
-- With n free places the first n entries in line for the slot each get one, in any order:
-- serving them at once changes nobody's turn, and the entry behind them waits for a place.
local ahead = 0
for _, candidate in ipairs(redis.call('ZRANGE', KEYS[9], 0, -1)) do
  if candidate == ARGV[2] then
    break
  end
  if wants(candidate) then
    ahead = ahead + 1
  end
end
if ahead >= free then
  return {'NOT_HEAD'}
end
local holder = redis.call('HGET', KEYS[3], ARGV[3])
if holder then
  leaveLine(ARGV[2])
  local held = redis.call('HGET', KEYS[5], holder)
  local prefix = 'wl:' .. ARGV[2] .. ':'
  if held then
    local key = cjson.decode(held)['idempotencyKey']
    if key and string.sub(key, 1, string.len(prefix)) == prefix then
      return {'REPLAYED', holder}
    end
  end
  return {'DUPLICATE', holder}
end
if kept > 0 then
  redis.call('HINCRBY', KEYS[12], start, -1)
else
  redis.call('HINCRBY', KEYS[2], start, -1)
end
leaveLine(ARGV[2])
local seq = redis.call('INCR', KEYS[6])
local record = cjson.decode(ARGV[7])
record['appointmentSeq'] = seq
record['status'] = 'PENDING'
record['claimedAt'] = tonumber(ARGV[8])
record['idempotencyKey'] = ARGV[4]
record['fingerprint'] = ARGV[5]
redis.call('HSET', KEYS[5], ARGV[6], cjson.encode(record))
redis.call('HSET', KEYS[3], ARGV[3], ARGV[6])
redis.call('HSET', KEYS[4], ARGV[4], ARGV[6] .. '|' .. ARGV[5])
redis.call('ZADD', KEYS[7], tonumber(ARGV[8]), ARGV[6])
local expireAt = tonumber(ARGV[9])
for i = 3, 7 do
  redis.call('EXPIREAT', KEYS[i], expireAt)
end
return {'CLAIMED', ARGV[6], seq}
