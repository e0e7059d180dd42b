-- Seed 001 counts 用户发起的纠纷单量 from the user's first escalation (FAQ: 以用户首次发起平台介入
-- 作为计算). A dispute redress opened first (an unshipped remedy) that the buyer later escalated
-- herself is counted here, on the day of her first escalation; the channels preset adds it to
-- disputes_by_buyer. Rows summed before this migration hold 0: `redress metrics rebuild`
-- recomputes them from the event log.
ALTER TABLE merchant_days ADD COLUMN disputes_by_buyer_after_system INTEGER NOT NULL DEFAULT 0;
