-- A claim on an idempotency key lasts until its lease ends: a request that never answered
-- (the process was killed, the client went away) must not hold its key for ever. A claim
-- whose lease has ended, or a claim from before leases (lease_until_us NULL), is taken over
-- by the next request with the key. claim_token names the holder, so that a request that
-- outlived its lease cannot overwrite or give back the claim that replaced it.
ALTER TABLE request_receipts ADD COLUMN lease_until_us BIGINT;
ALTER TABLE request_receipts ADD COLUMN claim_token TEXT;
