-- NATS JetStream (issue 17). Once `redress serve --nats` has started against this database
-- (a row in jetstream_state), every outbox row is also queued in jetstream_outbox, in the
-- same transaction, so nothing committed is lost whatever happens to redress or NATS. The
-- publisher deletes a queued row only after JetStream acknowledged it; a publish repeated
-- after a crash carries the same Nats-Msg-Id, which JetStream drops as a duplicate.
-- Platform-wide, like api_keys.
CREATE TABLE jetstream_state (
    stream_name TEXT    NOT NULL PRIMARY KEY,
    enabled_us  BIGINT  NOT NULL
);

-- The queue: keys of outbox rows not yet acknowledged by JetStream.
CREATE TABLE jetstream_outbox (
    merchant_id TEXT    NOT NULL,
    message_id  TEXT    NOT NULL,
    created_us  BIGINT  NOT NULL,
    PRIMARY KEY (merchant_id, message_id)
);
CREATE INDEX jetstream_outbox_by_age ON jetstream_outbox (created_us);
