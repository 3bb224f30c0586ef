-- room-admit: one round of one hall's waiting room: draw the lottery if it is due and not drawn,
-- expire unused passes (their turn passes on), then hand out passes in line order while fewer
-- are out than the hall-day can still take; or, when the hall-day has no place left, mark the
-- room sold out, which every waiting ticket reads at once. Idempotent: any pod may run it at any
-- time, and two racing pods draw once, because the draw happens only while 'drawn' is 0.
--
-- The lottery: each early ticket's rank is SHA-1(seed ':' ticket). The seed is a secret random
-- value drawn by the server when the room's first ticket was issued, and ticket ids are random
-- and chosen by the server; so the order is a uniform shuffle unknown to anyone before the draw,
-- and neither when nor how often one joined changes one's rank.
--
-- KEYS (hash tag {release:ID:HALL})
--   1 yr:{r}:meta  2 yr:{r}:early  3 yr:{r}:late  4 yr:{r}:line
--   5 yr:{r}:admitted     hash ticket -> "pass|expiresAt ms|OUT, USED or EXPIRED|Idempotency-Key bound"
--   6 yr:{r}:passes       hash pass -> ticket
--   7 yr:{r}:outstanding  sorted set ticket -> pass expires at (ms): passes out, neither used nor expired
-- ARGV
--   1 now (epoch ms)   2 places left in the hall-day   3 most passes out at once
--   4 pass life (ms)   5 most passes handed out by this call   6 expire-at (epoch s)
-- Returns {outcome, drew (0/1), admitted now, expired now, head, tail, soldOut (0/1)}
--   outcome 'EMPTY' (no ticket yet), 'NOT_OPEN' (before opensAt), 'SOLD_OUT', 'ADMITTING'
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'EMPTY', 0, 0, 0, 0, 0, 0}
end
local now = tonumber(ARGV[1])
if now < tonumber(redis.call('HGET', KEYS[1], 'opensAt')) then
  return {'NOT_OPEN', 0, 0, 0, 0, 0, 0}
end
local changed = false
local drew = 0
local seed = redis.call('HGET', KEYS[1], 'seed')
if redis.call('HGET', KEYS[1], 'drawn') == '0' then
  local ranked = {}
  for i, ticket in ipairs(redis.call('SMEMBERS', KEYS[2])) do
    ranked[i] = {redis.sha1hex(seed .. ':' .. ticket), ticket}
  end
  table.sort(ranked, function(a, b) return a[1] < b[1] end)
  local position = 0
  for _, entry in ipairs(ranked) do
    position = position + 1
    redis.call('ZADD', KEYS[4], position, entry[2])
  end
  for _, ticket in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
    position = position + 1
    redis.call('ZADD', KEYS[4], position, ticket)
  end
  redis.call('HSET', KEYS[1], 'drawn', 1, 'tail', position)
  redis.call('HINCRBY', KEYS[1], 'draws', 1)
  redis.call('DEL', KEYS[2], KEYS[3])
  drew = 1
  changed = true
end
local expired = redis.call('ZRANGEBYSCORE', KEYS[7], '-inf', now)
for _, ticket in ipairs(expired) do
  local record = redis.call('HGET', KEYS[5], ticket)
  if record then
    local pass, expiresAt, state, bound = string.match(record, '^([^|]*)|([^|]*)|([^|]*)|(.*)$')
    if state == 'OUT' then
      redis.call('HSET', KEYS[5], ticket, pass .. '|' .. expiresAt .. '|EXPIRED|' .. bound)
    end
  end
  redis.call('ZREM', KEYS[7], ticket)
  changed = true
end
local head = tonumber(redis.call('HGET', KEYS[1], 'head'))
local tail = tonumber(redis.call('HGET', KEYS[1], 'tail'))
local outcome = 'ADMITTING'
local admittedNow = 0
if tonumber(ARGV[2]) <= 0 then
  outcome = 'SOLD_OUT'
  if redis.call('HGET', KEYS[1], 'soldOut') ~= '1' then
    redis.call('HSET', KEYS[1], 'soldOut', 1)
    changed = true
  end
elseif redis.call('HGET', KEYS[1], 'soldOut') ~= '1' then
  local out = redis.call('ZCARD', KEYS[7])
  local limit = tonumber(ARGV[3])
  local most = tonumber(ARGV[5])
  local expiresAt = now + tonumber(ARGV[4])
  while out < limit and head < tail and admittedNow < most do
    head = head + 1
    local ticket = redis.call('ZRANGEBYSCORE', KEYS[4], head, head)[1]
    if ticket then
      local pass = string.sub(redis.sha1hex(seed .. ':pass:' .. ticket), 1, 32)
      redis.call('HSET', KEYS[5], ticket, pass .. '|' .. expiresAt .. '|OUT|')
      redis.call('HSET', KEYS[6], pass, ticket)
      redis.call('ZADD', KEYS[7], expiresAt, ticket)
      out = out + 1
      admittedNow = admittedNow + 1
    end
  end
  if admittedNow > 0 then
    redis.call('HSET', KEYS[1], 'head', head)
    redis.call('HINCRBY', KEYS[1], 'admitted', admittedNow)
    changed = true
  end
end
if changed then
  redis.call('HINCRBY', KEYS[1], 'version', 1)
  for i = 1, 7 do
    redis.call('EXPIREAT', KEYS[i], tonumber(ARGV[6]))
  end
end
local soldOut = tonumber(redis.call('HGET', KEYS[1], 'soldOut'))
return {outcome, drew, admittedNow, #expired, head, tail, soldOut}
