-- The event log: the source of truth. Append-only; nothing here is ever updated or deleted.
-- The same tables and columns as migrations/sqlite, so both backends behave identically.
-- merchant_id leads every primary key and unique constraint so the schema can be distributed
-- by merchant (Citus) with no cross-merchant foreign keys; platform-wide streams (buyers) use
-- the empty merchant id.
-- Times are BIGINT microseconds since the Unix epoch, UTC, exactly as on SQLite, so that rows
-- copy between the backends unchanged and compare equal in replay; no timestamptz.
CREATE TABLE events (
    -- Global order, for replay and feeds. Not a key: the key is (merchant_id, stream, seq).
    position    BIGINT GENERATED ALWAYS AS IDENTITY,
    merchant_id TEXT   NOT NULL,
    stream      TEXT   NOT NULL,  -- 'order:ID', 'merchant:ID', 'buyer:ID'
    seq         BIGINT NOT NULL,  -- 1, 2, ... within the stream
    kind        TEXT   NOT NULL,
    at_us       BIGINT NOT NULL,  -- microseconds since the Unix epoch, UTC
    actor       TEXT   NOT NULL,
    -- JSON exactly as redress_store::codec wrote it. TEXT, not JSONB: JSONB would reorder the
    -- keys and drop the whitespace, and the stored bytes should be the codec's, as on SQLite.
    payload     TEXT   NOT NULL,
    PRIMARY KEY (merchant_id, stream, seq)
);
CREATE INDEX events_by_position ON events (position);

-- One row per stream: the optimistic-concurrency token.
CREATE TABLE streams (
    merchant_id TEXT   NOT NULL,
    stream      TEXT   NOT NULL,
    version     BIGINT NOT NULL,
    PRIMARY KEY (merchant_id, stream)
);

-- A retried command returns its first result.
CREATE TABLE idempotency (
    merchant_id TEXT   NOT NULL,
    key         TEXT   NOT NULL,
    fingerprint TEXT   NOT NULL,
    receipt     TEXT   NOT NULL,
    created_us  BIGINT NOT NULL,
    PRIMARY KEY (merchant_id, key)
);
