-- room-phone-hall: count a hall against the phone's limit of waiting rooms in one release.
-- Rejoining a hall the phone holds already does not count again.
--
-- KEYS (hash tag {release:ID:phone:PHONE})
--   1 yr:{p}:halls   set of hall codes the phone holds a ticket at in this release
-- ARGV
--   1 hall code   2 most halls per phone   3 expire-at (epoch s)
-- Returns
--   'HELD'    the phone may hold a ticket at the hall
--   'LIMIT'   the phone holds tickets at as many other halls as it may
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
  return 'HELD'
end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 'LIMIT'
end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIREAT', KEYS[1], tonumber(ARGV[3]))
return 'HELD'
