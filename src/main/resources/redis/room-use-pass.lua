-- room-use-pass: decide whether a booking for the room's hall-day may go ahead, and if it may on
-- a pass, bind the pass to the booking's Idempotency-Key, so that a second booking with the same
-- pass (another taxpayer, another key) is refused while the first is under way or done. A retry
-- with the same key is let through: the booking answers it as a replay.
--
-- KEYS (hash tag {release:ID:HALL})
--   1 yr:{r}:meta  2 yr:{r}:passes  3 yr:{r}:admitted  4 yr:{r}:owners
-- ARGV
--   1 pass ('' when the request carries none)   2 phone   3 now (epoch ms)   4 Idempotency-Key
-- Returns
--   {'GRANTED', ticket}   go ahead; the pass is bound to this key
--   {'NOT_REQUIRED'}      the room is sold out: the door is open again (and finds no place)
--   {'MISSING'}           no pass sent        {'UNKNOWN'}    no such pass in this room
--   {'WRONG_PHONE'}       another phone's pass  {'EXPIRED'}  the pass has expired
--   {'USED'}              the pass booked already, with another key
--   {'IN_USE'}            a booking with another key is under way on this pass
local soldOut = redis.call('HGET', KEYS[1], 'soldOut') == '1'
local function refuse(code)
  if soldOut then
    return {'NOT_REQUIRED'}
  end
  return {code}
end
if ARGV[1] == '' then
  return refuse('MISSING')
end
local ticket = redis.call('HGET', KEYS[2], ARGV[1])
if not ticket then
  return refuse('UNKNOWN')
end
if redis.call('HGET', KEYS[4], ticket) ~= ARGV[2] then
  return refuse('WRONG_PHONE')
end
local record = redis.call('HGET', KEYS[3], ticket)
local pass, expiresAt, state, bound = string.match(record, '^([^|]*)|([^|]*)|([^|]*)|(.*)$')
if ARGV[4] ~= '' and bound == ARGV[4] then
  return {'GRANTED', ticket}
end
if state == 'USED' then
  return refuse('USED')
end
if bound ~= '' then
  return refuse('IN_USE')
end
if state ~= 'OUT' or tonumber(expiresAt) <= tonumber(ARGV[3]) then
  return refuse('EXPIRED')
end
redis.call('HSET', KEYS[3], ticket, pass .. '|' .. expiresAt .. '|' .. state .. '|' .. ARGV[4])
return {'GRANTED', ticket}
