-- Webhooks (issue 4). `outbox` gets one row per committed event that a webhook announces, in
-- the commit's own transaction (see `outbox::messages`); the dispatcher fans each row out to
-- the subscriptions that want it (`webhook_deliveries`) and records every attempt.
CREATE TABLE outbox (
    merchant_id   TEXT    NOT NULL,
    message_id    TEXT    NOT NULL,
    event_type    TEXT    NOT NULL,
    payload       TEXT    NOT NULL,
    created_us    INTEGER NOT NULL,
    -- When the dispatcher turned it into deliveries; NULL until then.
    fanned_out_us INTEGER,
    PRIMARY KEY (merchant_id, message_id)
) WITHOUT ROWID;
CREATE INDEX outbox_pending ON outbox (created_us) WHERE fanned_out_us IS NULL;

-- Platform-wide like api_keys: merchant_id NULL is an operator's subscription to every
-- merchant's events. The secret signs deliveries, so it is kept as given out.
CREATE TABLE webhook_subscriptions (
    subscription_id TEXT    NOT NULL PRIMARY KEY,
    merchant_id     TEXT,
    url             TEXT    NOT NULL,
    secret          TEXT    NOT NULL,
    -- Comma-separated event types.
    event_types     TEXT    NOT NULL,
    enabled         INTEGER NOT NULL,
    created_us      INTEGER NOT NULL
) WITHOUT ROWID;

-- One message for one subscription. state: pending, delivered or dead (the dead letters).
CREATE TABLE webhook_deliveries (
    merchant_id      TEXT    NOT NULL,
    delivery_id      TEXT    NOT NULL,
    subscription_id  TEXT    NOT NULL,
    message_id       TEXT    NOT NULL,
    event_type       TEXT    NOT NULL,
    payload          TEXT    NOT NULL,
    state            TEXT    NOT NULL,
    attempts         INTEGER NOT NULL,
    next_attempt_us  INTEGER NOT NULL,
    claimed_until_us INTEGER,
    created_us       INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, delivery_id)
) WITHOUT ROWID;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_us) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_by_id ON webhook_deliveries (delivery_id);
CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries (subscription_id, created_us);

-- The delivery log: every attempt, with the receiver's status or the error.
CREATE TABLE webhook_attempts (
    merchant_id TEXT    NOT NULL,
    delivery_id TEXT    NOT NULL,
    attempt     INTEGER NOT NULL,
    at_us       INTEGER NOT NULL,
    status_code INTEGER,
    error       TEXT,
    duration_us INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, delivery_id, attempt)
) WITHOUT ROWID;

-- Deadlines announced as approaching (ticket.deadline_approaching), so that each is announced
-- once; a ticket's next deadline (another kind or due time) is a new row and announced again.
CREATE TABLE deadline_notices (
    merchant_id TEXT    NOT NULL,
    ticket_id   TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    due_us      INTEGER NOT NULL,
    noticed_us  INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, ticket_id, kind, due_us)
) WITHOUT ROWID;
