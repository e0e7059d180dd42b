-- Idempotency for the API's requests that are not engine commands (webhook subscriptions and
-- redeliveries, evaluation runs, sandbox clock advances). The first request with a key claims
-- it (status NULL while it runs); its answer is kept and replayed to every retry. Keyed by
-- the calling API key, so it is platform-wide like api_keys: a reference table on a
-- distributed database.
CREATE TABLE request_receipts (
    key_id          TEXT    NOT NULL,
    idempotency_key TEXT    NOT NULL,
    request_sha256  TEXT    NOT NULL,
    status          INTEGER,
    content_type    TEXT,
    body            TEXT,
    created_us      INTEGER  NOT NULL,
    PRIMARY KEY (key_id, idempotency_key)
);
