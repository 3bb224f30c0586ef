-- Stores the answer of a new human check (a captcha) until it expires or is used.
-- KEYS[1]  yy:hc:{hc:ID}   hash {digest, expiresAt (epoch ms), triesLeft}
-- ARGV[1]  keyed digest of the answer
-- ARGV[2]  expiresAt, epoch ms (the application's clock; this script never reads one)
-- ARGV[3]  wrong answers allowed before the check is void
-- ARGV[4]  how long Redis keeps the key, ms (cleanup only: expiry is decided by expiresAt)
-- Returns  1
redis.call('HSET', KEYS[1], 'digest', ARGV[1], 'expiresAt', ARGV[2], 'triesLeft', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
