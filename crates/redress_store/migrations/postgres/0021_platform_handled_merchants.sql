-- The few merchants whose waiting requests the platform handles (refund handling closed,
-- seed 004; or return-shipping claims settled by the platform): every round of deadline
-- firing asks for their requests, and without this index the question passed over every
-- deadline of every merchant once per round (issue 21). The same as migrations/sqlite.
CREATE INDEX merchants_platform_handled ON merchants (merchant_id)
WHERE refund_handling_closed IS NOT NULL OR settles_return_shipping;
