-- room-read-ticket: one consistent view of a ticket and its room, read only.
--
-- KEYS (hash tag {release:ID:HALL})
--   1 yr:{r}:meta  2 yr:{r}:owners  3 yr:{r}:line  4 yr:{r}:admitted
-- ARGV
--   1 ticket
-- Returns {owner phone or '', drawn (0/1), position (0 before the draw), head, soldOut (0/1),
--          admitted record or '', opensAt (ms), admitted so far, version}
local owner = redis.call('HGET', KEYS[2], ARGV[1])
if not owner then
  return {'', 0, 0, 0, 0, '', 0, 0, 0}
end
local meta = redis.call('HMGET', KEYS[1], 'drawn', 'head', 'soldOut', 'opensAt', 'admitted', 'version')
local position = redis.call('ZSCORE', KEYS[3], ARGV[1])
local admitted = redis.call('HGET', KEYS[4], ARGV[1])
return {owner, tonumber(meta[1]), tonumber(position or 0), tonumber(meta[2]), tonumber(meta[3]),
  admitted or '', tonumber(meta[4]), tonumber(meta[5]), tonumber(meta[6])}
