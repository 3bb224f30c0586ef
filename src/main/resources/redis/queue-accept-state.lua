-- Accepts a hall's queue state if it is newer than the stored one, and fans it out.
--
-- Storing and publishing in one script means every stored state is also announced, and the
-- announcements of one hall leave in the order the states were stored.
--
-- KEYS[1]  yy:queue:{HALL}   the hall's latest state, JSON with a numeric "sequence" member
-- ARGV[1]  sequence of the new state (integer, 1 .. 2^53-1)
-- ARGV[2]  the new state as JSON (it carries its own receivedAt: the caller's clock, not Redis's)
-- ARGV[3]  retention in milliseconds: the key expires this long after the last accepted state
-- ARGV[4]  pub/sub channel to publish the new state on, e.g. yy:queue:updates
--
-- Returns 0 when the state was stored and published; otherwise the sequence already stored
-- (>= ARGV[1]), and nothing was changed.
local stored = redis.call('GET', KEYS[1])
if stored then
  local current = tonumber(cjson.decode(stored)['sequence'])
  if current ~= nil and current >= tonumber(ARGV[1]) then
    return current
  end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('PUBLISH', ARGV[4], ARGV[2])
return 0
