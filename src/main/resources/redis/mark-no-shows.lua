-- mark-no-shows: every BOOKED booking whose slot ended by the cut-off becomes NO_SHOW, once.
-- The ids go to a pending set (an outbox inside the hall-day) until their event is durable and
-- the booker's no-show is counted; a sweep that dies half-way leaves them there for the next one.
--
-- KEYS (hash tag {HALL:DATE})
--   1 yy:{H:D}:bookings   2 yy:{H:D}:noshows (set of ids marked but not yet recorded)
-- ARGV
--   1 cut-off (HH:mm): slots ending at or before it are over   2 now (epoch ms)
--   3 expire-at of the hall-day keys (epoch seconds)
-- Returns
--   the ids in the pending set after marking (newly marked and left over from earlier sweeps)
local entries = redis.call('HGETALL', KEYS[1])
for i = 1, #entries, 2 do
  local record = cjson.decode(entries[i + 1])
  if record['status'] == 'BOOKED' and record['end'] <= ARGV[1] then
    record['status'] = 'NO_SHOW'
    record['updatedAt'] = tonumber(ARGV[2])
    redis.call('HSET', KEYS[1], entries[i], cjson.encode(record))
    redis.call('SADD', KEYS[2], entries[i])
  end
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('EXPIREAT', KEYS[2], tonumber(ARGV[3]))
end
return redis.call('SMEMBERS', KEYS[2])
