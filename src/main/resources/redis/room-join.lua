-- room-join: give a phone its ticket in one hall's waiting room of one release, once.
-- A ticket taken before the room opens waits for the lottery; one taken later queues behind
-- everyone already in line, in arrival order. A phone whose pass ran out unused (not bound to a
-- booking in flight) while places remain may join again: a new ticket at the back of the line,
-- as a late arrival would get, so letting a pass lapse never buys a better place. Whether the lottery is drawn is read here, not
-- taken from the caller's clock, so a pod whose clock lags cannot slip a ticket into a drawn lottery.
--
-- KEYS (all under one hash tag {release:ID:HALL})
--   1 yr:{r}:meta    hash opensAt (ms), seed, drawn (0/1), draws, tail, head, soldOut (0/1),
--                         arrivals, admitted, version
--   2 yr:{r}:owners  hash ticket -> phone
--   3 yr:{r}:phones  hash phone -> ticket (one ticket per phone)
--   4 yr:{r}:early   set of tickets taken before opensAt, not yet drawn
--   5 yr:{r}:late    sorted set ticket -> arrival number, taken at or after opensAt before the draw
--   6 yr:{r}:line    sorted set ticket -> position in line (1 first), once drawn
--   7 yr:{r}:admitted hash ticket -> "pass|expiresAt ms|OUT, USED or EXPIRED|Idempotency-Key bound"
-- ARGV
--   1 new ticket id   2 phone   3 now (epoch ms)   4 opensAt (epoch ms)
--   5 a fresh secret seed (hex), kept only if this ticket opens the room   6 expire-at (epoch s)
-- Returns
--   {'JOINED', ticket}     a new ticket (also for a phone whose earlier pass lapsed)
--   {'EXISTING', ticket}   the phone's ticket from before; nothing changed
local function lapsed(ticket)
  local record = redis.call('HGET', KEYS[7], ticket)
  if not record or redis.call('HGET', KEYS[1], 'soldOut') == '1' then
    return false
  end
  local _, expiresAt, state, bound = string.match(record, '^([^|]*)|([^|]*)|([^|]*)|(.*)$')
  if bound ~= '' then
    return false
  end
  return state == 'EXPIRED' or (state == 'OUT' and tonumber(expiresAt) <= tonumber(ARGV[3]))
end

local existing = redis.call('HGET', KEYS[3], ARGV[2])
if existing and not lapsed(existing) then
  return {'EXISTING', existing}
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'opensAt', ARGV[4], 'seed', ARGV[5], 'drawn', 0, 'draws', 0, 'tail', 0,
    'head', 0, 'soldOut', 0, 'arrivals', 0, 'admitted', 0, 'version', 0)
end
local ticket = ARGV[1]
redis.call('HSET', KEYS[2], ticket, ARGV[2])
redis.call('HSET', KEYS[3], ARGV[2], ticket)
if redis.call('HGET', KEYS[1], 'drawn') == '1' then
  local position = redis.call('HINCRBY', KEYS[1], 'tail', 1)
  redis.call('ZADD', KEYS[6], position, ticket)
elseif tonumber(ARGV[3]) < tonumber(redis.call('HGET', KEYS[1], 'opensAt')) then
  redis.call('SADD', KEYS[4], ticket)
else
  local arrival = redis.call('HINCRBY', KEYS[1], 'arrivals', 1)
  redis.call('ZADD', KEYS[5], arrival, ticket)
end
redis.call('HINCRBY', KEYS[1], 'version', 1)
for i = 1, 7 do
  redis.call('EXPIREAT', KEYS[i], tonumber(ARGV[6]))
end
return {'JOINED', ticket}
