-- The console's sign-ins. The browser holds a random session id; only its SHA-256 digest is
-- kept here, so a copy of this table signs nobody in. A session acts as one API key
-- (key_id): revoking the key ends it, because every request looks the key up again. It ends
-- at expires_us, which each request moves on (idle timeout) up to a cap the server sets
-- (absolute timeout), or when its holder signs out. Platform-wide, like api_keys: a
-- reference table on a distributed database.
CREATE TABLE console_sessions (
    session_sha256 TEXT    PRIMARY KEY,
    key_id         TEXT    NOT NULL,
    created_us     INTEGER  NOT NULL,
    expires_us     INTEGER  NOT NULL
);
CREATE INDEX console_sessions_by_key ON console_sessions (key_id);
CREATE INDEX console_sessions_by_expiry ON console_sessions (expires_us);
