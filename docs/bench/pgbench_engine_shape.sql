-- One pgbench transaction shaped like one engine command on PostgreSQL: the stream's version
-- claim, the event, the order and ticket upserts, the deadline rewrite; one commit each.
-- PGOPTIONS='-c search_path=pgb' pgbench -n -f pgbench_engine_shape.sql -c 64 -j 8 -T 5 DB
\set n random(1, 1000000000)
BEGIN;
INSERT INTO streams VALUES ('M-1', 'order:' || :n || '-' || :client_id, 1) ON CONFLICT DO NOTHING;
INSERT INTO events (merchant_id, stream, seq, kind, at_us, actor, payload) VALUES ('M-1', 'order:' || :n || '-' || :client_id, 1, 'ticket_opened', 1, 'buyer:B-1', '{"ticket":"T-1","kind":"refund_only","reason":"dont_want","amount":{"minor":1000,"currency":"CNY"}}');
INSERT INTO orders VALUES ('M-1', :n || '-' || :client_id, 'B-1', 1) ON CONFLICT (merchant_id, order_id) DO UPDATE SET version = EXCLUDED.version;
INSERT INTO tickets VALUES ('M-1', 'T' || :n || '-' || :client_id, :n || '-' || :client_id, 'requested', 100, 1) ON CONFLICT (merchant_id, ticket_id) DO UPDATE SET state = EXCLUDED.state;
DELETE FROM deadlines WHERE merchant_id = 'M-1' AND order_id = :n || '-' || :client_id;
INSERT INTO deadlines VALUES ('M-1', 'T' || :n || '-' || :client_id, :n || '-' || :client_id, 'merchant_response', 100);
COMMIT;
