-- The arbitration desk and the metrics' links to their tickets (issue 19).
--
-- The desk pages through the disputes on the server, oldest first (`TicketSortKey::Disputed`):
-- the expression is the list's order, after the state the desk filters on, with the key's
-- tie-breakers so that a cursor's next page starts with a seek.
CREATE INDEX tickets_desk
    ON tickets (state, (COALESCE(dispute_first_us, opened_us)), merchant_id, ticket_id);

-- When a ticket's refund completed (退款完结: refunded or closed), the day the merchant's
-- figures count it on, and whether its dispute ended with the merchant responsible (商责).
-- Projections like every other column, filled here for rows written before; replay proves
-- the two agree. A ticket reaches refunded or closed once, by one of these events, which is
-- its last of them; the responsibility is the verdict's, or the last re-check's of a dispute
-- the merchant settled (a verdict and a re-check never meet on one ticket).
ALTER TABLE tickets ADD COLUMN completed_us INTEGER;
ALTER TABLE tickets ADD COLUMN merchant_responsible INTEGER NOT NULL DEFAULT 0;
UPDATE tickets SET completed_us = (
    SELECT e.at_us FROM events e
    WHERE e.merchant_id = tickets.merchant_id AND e.stream = 'order:' || tickets.order_id
      AND e.kind IN ('refund_succeeded', 'cancelled', 'return_window_lapsed',
                     'escalation_lapsed', 'verdict_given')
      AND json_extract(e.payload, '$.ticket') = tickets.ticket_id
    ORDER BY e.seq DESC LIMIT 1)
WHERE state IN ('refunded', 'closed');
UPDATE tickets SET merchant_responsible = 1
WHERE dispute_first_us IS NOT NULL AND (
    SELECT json_extract(e.payload, '$.responsibility') FROM events e
    WHERE e.merchant_id = tickets.merchant_id AND e.stream = 'order:' || tickets.order_id
      AND e.kind IN ('verdict_given', 'rechecked')
      AND json_extract(e.payload, '$.ticket') = tickets.ticket_id
    ORDER BY e.seq DESC LIMIT 1) IN ('merchant', 'both');
CREATE INDEX tickets_by_completed ON tickets (merchant_id, completed_us);
