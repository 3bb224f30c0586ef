-- Keeps one SMS in the development outbox of one phone (never used in production).
-- KEYS[1]  the phone's list, yy:dev:sms:{PHONE}, newest first
-- ARGV[1]  the message as JSON {phone, text, sentAt}
-- ARGV[2]  how many messages to keep
-- ARGV[3]  retention in milliseconds, counted from this message
-- Returns  the number of messages kept for the phone
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return redis.call('LLEN', KEYS[1])
