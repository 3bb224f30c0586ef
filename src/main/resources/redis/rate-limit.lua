-- rate-limit: count one request in a fixed window and say whether it is within the limit.
--
-- KEYS  1 yy:rate:{BUCKET}   the window's counter (a single key: no hash tag needed)
-- ARGV  1 limit (requests per window)   2 window length (ms)
-- Returns {count, ms left in the window}; the request is allowed when count <= limit.
local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  left = tonumber(ARGV[2])
end
return {count, left}
