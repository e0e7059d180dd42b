-- The event log: the source of truth. Append-only; nothing here is ever updated or deleted.
-- merchant_id leads every key so the schema can be distributed by merchant (Citus);
-- platform-wide streams (buyers) use the empty merchant id.
CREATE TABLE events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT, -- global order, for replay and feeds
    merchant_id TEXT    NOT NULL,
    stream      TEXT    NOT NULL,                  -- 'order:ID', 'merchant:ID', 'buyer:ID'
    seq         INTEGER NOT NULL,                  -- 1, 2, ... within the stream
    kind        TEXT    NOT NULL,
    at_us       INTEGER NOT NULL,                  -- microseconds since the Unix epoch, UTC
    actor       TEXT    NOT NULL,
    payload     TEXT    NOT NULL,                  -- JSON, see redress_store::codec
    UNIQUE (merchant_id, stream, seq)
);

-- One row per stream: the optimistic-concurrency token.
CREATE TABLE streams (
    merchant_id TEXT    NOT NULL,
    stream      TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, stream)
) WITHOUT ROWID;

-- A retried command returns its first result.
CREATE TABLE idempotency (
    merchant_id TEXT    NOT NULL,
    key         TEXT    NOT NULL,
    fingerprint TEXT    NOT NULL,
    receipt     TEXT    NOT NULL,
    created_us  INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, key)
) WITHOUT ROWID;
