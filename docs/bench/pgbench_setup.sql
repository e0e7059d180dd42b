-- pgbench setup for comparing `redress-bench engine --database postgres://…` with plain
-- transactions of the same shape (see pgbench_engine_shape.sql). Run with psql -f.
DROP SCHEMA IF EXISTS pgb CASCADE; CREATE SCHEMA pgb; SET search_path TO pgb;
CREATE TABLE events (position BIGINT GENERATED ALWAYS AS IDENTITY, merchant_id TEXT NOT NULL, stream TEXT NOT NULL, seq BIGINT NOT NULL, kind TEXT NOT NULL, at_us BIGINT NOT NULL, actor TEXT NOT NULL, payload TEXT NOT NULL, PRIMARY KEY (merchant_id, stream, seq));
CREATE INDEX events_by_position ON events (position);
CREATE TABLE streams (merchant_id TEXT NOT NULL, stream TEXT NOT NULL, version BIGINT NOT NULL, PRIMARY KEY (merchant_id, stream));
CREATE TABLE orders (merchant_id TEXT NOT NULL, order_id TEXT NOT NULL, buyer_id TEXT NOT NULL, version BIGINT NOT NULL, PRIMARY KEY (merchant_id, order_id));
CREATE INDEX orders_by_id ON orders (order_id);
CREATE TABLE tickets (merchant_id TEXT NOT NULL, ticket_id TEXT NOT NULL, order_id TEXT NOT NULL, state TEXT NOT NULL, due_us BIGINT, version BIGINT NOT NULL, PRIMARY KEY (merchant_id, ticket_id));
CREATE INDEX tickets_by_id ON tickets (ticket_id);
CREATE INDEX tickets_queue ON tickets (merchant_id, state, due_us);
CREATE TABLE deadlines (merchant_id TEXT NOT NULL, ticket_id TEXT NOT NULL, order_id TEXT NOT NULL, kind TEXT NOT NULL, due_us BIGINT NOT NULL, claimed_until_us BIGINT, PRIMARY KEY (merchant_id, ticket_id));
CREATE INDEX deadlines_due ON deadlines (due_us);
