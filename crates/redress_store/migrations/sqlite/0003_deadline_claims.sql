-- A lease on a due deadline: the instance that claimed it fires it until claimed_until_us;
-- after that (the instance died, or firing failed) another may claim it. The projection
-- rewrite deletes and reinserts an order's deadlines, so a new state clears every claim.
-- Not part of the projection: replay leaves this column out of its comparison.
ALTER TABLE deadlines ADD COLUMN claimed_until_us INTEGER;
-- When a claimed deadline can next be claimed; unclaimed ones are served by deadlines_due.
CREATE INDEX deadlines_claimed ON deadlines (claimed_until_us) WHERE claimed_until_us IS NOT NULL;
