-- The changes feed and the list filters (issue 17). The same as migrations/sqlite.
--
-- When an order and a ticket last changed: the time of the last event on the order's stream,
-- and of the last event naming the ticket. Projections like every other column (the domain's
-- `updated_at`), filled here for rows written before; replay proves the two agree.
ALTER TABLE orders ADD COLUMN updated_us BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN updated_us BIGINT NOT NULL DEFAULT 0;
UPDATE orders SET updated_us = COALESCE((
    SELECT e.at_us FROM events e
    WHERE e.merchant_id = orders.merchant_id AND e.stream = 'order:' || orders.order_id
    ORDER BY e.seq DESC LIMIT 1), 0);
UPDATE tickets SET updated_us = COALESCE((
    SELECT e.at_us FROM events e
    WHERE e.merchant_id = tickets.merchant_id AND e.stream = 'order:' || tickets.order_id
      AND e.payload::json ->> 'ticket' = tickets.ticket_id
    ORDER BY e.seq DESC LIMIT 1), 0);

CREATE INDEX orders_by_buyer ON orders (buyer_id, paid_us);
CREATE INDEX orders_by_update ON orders (updated_us);
CREATE INDEX tickets_by_order ON tickets (order_id);
CREATE INDEX tickets_by_update ON tickets (updated_us);
-- A merchant's feed reads its own events in position order.
CREATE INDEX events_by_merchant ON events (merchant_id, position);
-- An order's feed (the order id alone names the stream).
CREATE INDEX events_by_stream ON events (stream, position);
