-- Projections: derived from the event log in the same transaction as the events, and
-- rebuilt from it by `redress replay`. Never the source of truth. Column for column the
-- SQLite tables; flags are BOOLEAN where SQLite stores 0/1.
CREATE TABLE orders (
    merchant_id     TEXT    NOT NULL,
    order_id        TEXT    NOT NULL,
    buyer_id        TEXT    NOT NULL,
    currency        TEXT    NOT NULL,
    paid_minor      BIGINT  NOT NULL,
    refunded_minor  BIGINT  NOT NULL,
    paid_us         BIGINT  NOT NULL,
    fulfilment      TEXT    NOT NULL,
    signer          TEXT,
    tracking        TEXT,
    version         BIGINT  NOT NULL,
    PRIMARY KEY (merchant_id, order_id)
);
-- Finding an order's merchant from its id alone: on a distributed database this asks every
-- shard, which is why the API carries the merchant wherever it can.
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
    amount_minor     BIGINT  NOT NULL,
    refunded_minor   BIGINT  NOT NULL,
    opened_us        BIGINT  NOT NULL,
    decided_us       BIGINT,
    deadline_kind    TEXT,
    due_us           BIGINT,
    return_signed_us BIGINT,
    auto_rule        TEXT,
    overdue_approved BOOLEAN NOT NULL,
    dispute_first_us BIGINT,
    refund_alert     TEXT,
    version          BIGINT  NOT NULL,
    PRIMARY KEY (merchant_id, ticket_id)
);
CREATE INDEX tickets_by_id ON tickets (ticket_id);
CREATE INDEX tickets_queue ON tickets (merchant_id, state, due_us);

-- The durable timer: at most one live deadline per ticket, derived from its state.
-- The due-time index serves the scheduler; on a distributed database each shard scans its own.
CREATE TABLE deadlines (
    merchant_id TEXT    NOT NULL,
    ticket_id   TEXT    NOT NULL,
    order_id    TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    due_us      BIGINT  NOT NULL,
    PRIMARY KEY (merchant_id, ticket_id)
);
CREATE INDEX deadlines_due ON deadlines (due_us);

CREATE TABLE merchants (
    merchant_id                   TEXT    NOT NULL PRIMARY KEY,
    fast_refund_opted_in          BOOLEAN NOT NULL,
    platform_fast_refund_excluded BOOLEAN NOT NULL,
    refund_handling_closed        TEXT,
    version                       BIGINT  NOT NULL
);

CREATE TABLE strategies (
    merchant_id TEXT    NOT NULL,
    strategy_id TEXT    NOT NULL,
    version     BIGINT  NOT NULL,
    name        TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    enabled     BOOLEAN NOT NULL,
    PRIMARY KEY (merchant_id, strategy_id)
);

-- Buyers are platform-wide: on a distributed database this is a reference table.
CREATE TABLE buyers (
    buyer_id           TEXT    NOT NULL PRIMARY KEY,
    account_created_us BIGINT  NOT NULL,
    completed_orders   BIGINT  NOT NULL,
    orders_90d         BIGINT  NOT NULL,
    refunds_90d        BIGINT  NOT NULL,
    abuse_restricted   BOOLEAN NOT NULL,
    version            BIGINT  NOT NULL
);
