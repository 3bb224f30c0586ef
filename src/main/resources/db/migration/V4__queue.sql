-- Credentials of the halls' queue-calling systems (排队叫号系统), which push live queue state to
-- PUT /api/v1/queue-systems/halls/{code}/state.
--
-- Each credential is an Ed25519 key pair. The province issues it and hands the private key to the
-- hall's queue system once; only the public key is stored here. Nothing in this table lets anyone
-- push: a leaked dump is harmless, which is stronger than storing a hashed shared secret.
CREATE TABLE queue_system_keys (
    -- Sent by the queue system in X-Queue-Key-Id; not secret.
    key_id     text        PRIMARY KEY CHECK (key_id ~ '^[A-Za-z0-9._-]{8,64}$'),
    -- The one hall this key may write; a key of hall A used for hall B answers 403.
    hall_code  text        NOT NULL REFERENCES halls (code),
    -- X.509 SubjectPublicKeyInfo (DER) of the Ed25519 public key.
    public_key bytea       NOT NULL,
    created_at timestamptz NOT NULL,
    -- When a newer key of the same hall replaced this one (QueueCredentials.rotate).
    rotated_at timestamptz,
    -- From this moment the key is refused. May lie in the future: a rotation can leave the old key
    -- working for an overlap, so the hall's system switches without a gap.
    revoked_at timestamptz
);

-- Rotation finds the keys of one hall that are still accepted.
CREATE INDEX queue_system_keys_hall ON queue_system_keys (hall_code);
