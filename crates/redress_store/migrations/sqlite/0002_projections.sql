-- Projections: derived from the event log in the same transaction as the events, and
-- rebuilt from it by `redress replay`. Never the source of truth.
CREATE TABLE orders (
    merchant_id     TEXT    NOT NULL,
    order_id        TEXT    NOT NULL,
    buyer_id        TEXT    NOT NULL,
    currency        TEXT    NOT NULL,
    paid_minor      INTEGER NOT NULL,
    refunded_minor  INTEGER NOT NULL,
    paid_us         INTEGER NOT NULL,
    fulfilment      TEXT    NOT NULL,
    signer          TEXT,
    tracking        TEXT,
    version         INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, order_id)
) WITHOUT ROWID;
CREATE INDEX orders_by_id ON orders (order_id);

CREATE TABLE tickets (
    merchant_id      TEXT    NOT NULL,
    ticket_id        TEXT    NOT NULL,
    order_id         TEXT    NOT NULL,
    buyer_id         TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    reason           TEXT    NOT NULL,
    course           TEXT    NOT NULL,
    state            TEXT    NOT NULL,
    currency         TEXT    NOT NULL,
    amount_minor     INTEGER NOT NULL,
    refunded_minor   INTEGER NOT NULL,
    opened_us        INTEGER NOT NULL,
    decided_us       INTEGER,
    deadline_kind    TEXT,
    due_us           INTEGER,
    return_signed_us INTEGER,
    auto_rule        TEXT,
    overdue_approved INTEGER NOT NULL,
    dispute_first_us INTEGER,
    refund_alert     TEXT,
    version          INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, ticket_id)
) WITHOUT ROWID;
CREATE INDEX tickets_by_id ON tickets (ticket_id);
CREATE INDEX tickets_queue ON tickets (merchant_id, state, due_us);

-- The durable timer: at most one live deadline per ticket, derived from its state.
-- The due-time index serves the scheduler; on a distributed database each shard scans its own.
CREATE TABLE deadlines (
    merchant_id TEXT    NOT NULL,
    ticket_id   TEXT    NOT NULL,
    order_id    TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    due_us      INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, ticket_id)
) WITHOUT ROWID;
CREATE INDEX deadlines_due ON deadlines (due_us);

CREATE TABLE merchants (
    merchant_id                   TEXT    NOT NULL PRIMARY KEY,
    fast_refund_opted_in          INTEGER NOT NULL,
    platform_fast_refund_excluded INTEGER NOT NULL,
    refund_handling_closed        TEXT,
    version                       INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE strategies (
    merchant_id TEXT    NOT NULL,
    strategy_id TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    enabled     INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, strategy_id)
) WITHOUT ROWID;

-- Buyers are platform-wide: on a distributed database this is a reference table.
CREATE TABLE buyers (
    buyer_id           TEXT    NOT NULL PRIMARY KEY,
    account_created_us INTEGER NOT NULL,
    completed_orders   INTEGER NOT NULL,
    orders_90d         INTEGER NOT NULL,
    refunds_90d        INTEGER NOT NULL,
    abuse_restricted   INTEGER NOT NULL,
    version            INTEGER NOT NULL
) WITHOUT ROWID;
