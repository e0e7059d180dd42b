-- API keys for `redress serve`. Only a SHA-256 digest of each secret is kept: the secrets are
-- 32 random bytes, so a fast hash is enough (nothing to brute-force, unlike a password), and
-- it lets a request's key be found by an index lookup. Platform-wide like buyers: on a
-- distributed database this is a reference table.
CREATE TABLE api_keys (
    key_id        TEXT    NOT NULL PRIMARY KEY,
    secret_sha256 TEXT    NOT NULL UNIQUE,
    role          TEXT    NOT NULL,
    merchant_id   TEXT,
    buyer_id      TEXT,
    name          TEXT    NOT NULL,
    created_us    BIGINT  NOT NULL,
    revoked_us    BIGINT
);
-- Listing tickets across merchants, oldest first, for the API's cursor pagination.
CREATE INDEX tickets_by_opened ON tickets (opened_us, merchant_id, ticket_id);
CREATE INDEX tickets_by_buyer ON tickets (buyer_id, opened_us);
