-- The merchant's queue (issue 19): most urgent first over the whole queue. The expression is
-- the list's deadline order (`TicketSortKey::Deadline`): a ticket without a live deadline
-- sorts as the largest instant, after every ticket with one.
CREATE INDEX tickets_queue_deadline
    ON tickets (merchant_id, (COALESCE(due_us, 9223372036854775807)), ticket_id);
