-- Each merchant's figures per calendar day in the platform's time zone, for the metrics of
-- SPEC "Metrics" without a scan of the log or of the tickets. Kept by adding each commit's
-- difference (redress_domain::metrics::day::delta) in the same transaction as its events;
-- `redress metrics verify` recounts them from the event log. Keyed by merchant first, like
-- every table, so it is distributed with the merchant's orders.
CREATE TABLE merchant_days (
    merchant_id             TEXT   NOT NULL,
    day                     TEXT   NOT NULL,  -- YYYY-MM-DD
    orders_paid             INTEGER NOT NULL,
    disputes_by_buyer       INTEGER NOT NULL,
    disputes_by_system      INTEGER NOT NULL,
    refunds_completed       INTEGER NOT NULL,
    merchant_responsible    INTEGER NOT NULL,
    refund_only_completed   INTEGER NOT NULL,
    refund_only_seconds     INTEGER NOT NULL,
    return_refund_completed INTEGER NOT NULL,
    return_refund_seconds   INTEGER NOT NULL,
    tickets_opened          INTEGER NOT NULL,
    overdue_approved        INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, day)
);
-- No index by day alone: the platform-wide sums of a window (the dispute rate's average)
-- read every merchant's rows anyway, which a scan does best, and every index starts with
-- the merchant.

-- The weekly evaluations that finished, one row per evaluation day (platform date). A run
-- that stopped half-way has no row and runs again; penalties are recorded on the merchants
-- once per day and standard, so running again records only what is missing. Platform-wide
-- and tiny: a reference table on a distributed database.
CREATE TABLE evaluations (
    day         TEXT PRIMARY KEY,  -- YYYY-MM-DD
    started_us  INTEGER NOT NULL,
    finished_us INTEGER NOT NULL,
    merchants   INTEGER NOT NULL,  -- merchants with figures in the window
    penalties   INTEGER NOT NULL   -- penalties recorded by this run
);
