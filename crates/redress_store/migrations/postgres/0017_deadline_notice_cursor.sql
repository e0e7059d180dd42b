-- Announcing deadlines walks the notice window in key order from a cursor (due time, then
-- the table's key), so each batch starts where the last stopped instead of passing over every
-- deadline already announced. The old due-time index is a prefix of this one.
CREATE INDEX deadlines_due_key ON deadlines (due_us, merchant_id, ticket_id);
DROP INDEX deadlines_due;
