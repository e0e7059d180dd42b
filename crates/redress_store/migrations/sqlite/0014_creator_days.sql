-- Each showcase creator's (视频号橱窗达人) figures per calendar day in the platform's time
-- zone: those of the orders its showcase sold (seed 001 1.3: 纠纷介入率不达标的视频号橱窗商家、
-- 视频号橱窗达人会被平台处罚). The same figures as merchant_days, kept the same way: each
-- commit of an order a creator sold adds its difference here too, in the same transaction.
-- Orders stored before this migration carry no creator, so the table starts empty and right.
-- Creators are platform-wide (their orders belong to many merchants): keyed by creator.
CREATE TABLE creator_days (
    creator_id                     TEXT   NOT NULL,
    day                            TEXT   NOT NULL,  -- YYYY-MM-DD
    orders_paid                    INTEGER NOT NULL,
    disputes_by_buyer              INTEGER NOT NULL,
    disputes_by_system             INTEGER NOT NULL,
    disputes_by_buyer_after_system INTEGER NOT NULL,
    refunds_completed              INTEGER NOT NULL,
    merchant_responsible           INTEGER NOT NULL,
    refund_only_completed          INTEGER NOT NULL,
    refund_only_seconds            INTEGER NOT NULL,
    return_refund_completed        INTEGER NOT NULL,
    return_refund_seconds          INTEGER NOT NULL,
    tickets_opened                 INTEGER NOT NULL,
    overdue_approved               INTEGER NOT NULL,
    PRIMARY KEY (creator_id, day)
);
