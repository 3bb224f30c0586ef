-- change-status: move one live booking from one status to another while it keeps its place
-- (BOOKED -> CHECKED_IN at the guide's desk, BOOKED <-> RESCHEDULE_PROPOSED for a proposal).
--
-- KEYS (hash tag {HALL:DATE})
--   1 yy:{H:D}:bookings
-- ARGV
--   1 booking id   2 expected status   3 new status   4 now (epoch ms)
-- Returns
--   {'CHANGED'}            the record has the new status
--   {'UNCHANGED', status}  the record is in another status (status says which); nothing changed
--   {'MISSING'}            no such booking in this hall-day
local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json then
  return {'MISSING'}
end
local record = cjson.decode(json)
if record['status'] ~= ARGV[2] then
  return {'UNCHANGED', record['status']}
end
record['status'] = ARGV[3]
record['updatedAt'] = tonumber(ARGV[4])
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(record))
return {'CHANGED'}
