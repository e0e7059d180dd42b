//! Texts of the arbitration desk (平台介入): dispute queue, evidence, suggestion, verdict.

use super::Message;

pub(super) const MESSAGES: &[Message] = &[
    (
        "arbitration.early_warning",
        "举证期尚未结束，双方仍可补充凭证。举证期截止于",
        "The evidence window is still open; either side may still send evidence. It ends at",
    ),
    (
        "arbitration.confirm_early",
        "我确认在举证期结束前作出裁决（将记录为提前裁决）",
        "I confirm the verdict before the evidence window ends (it is recorded as early)",
    ),
    (
        "arbitration.confirm_early_required",
        "举证期未结束：请勾选确认后再提交裁决",
        "The evidence window is still open: tick the confirmation to give the verdict now",
    ),
    ("lookup.label", "查找售后单", "Find a ticket"),
    (
        "lookup.hint",
        "售后单号、订单号或买家 ID",
        "Ticket, order or buyer id",
    ),
    ("lookup.go", "查找", "Find"),
    ("lookup.missing", "没有找到售后单", "No ticket found for"),
    ("arbitration.title", "平台介入工作台", "Arbitration desk"),
    (
        "arbitration.queue_intro",
        "待裁决的纠纷（平台介入），等待最久的排在最前。",
        "Disputes awaiting a verdict (platform intervention), the longest waiting first.",
    ),
    (
        "arbitration.queue_caption",
        "待裁决纠纷",
        "Disputes awaiting a verdict",
    ),
    (
        "arbitration.no_disputes",
        "目前没有待裁决的纠纷。",
        "No dispute is awaiting a verdict.",
    ),
    ("arbitration.waiting", "已等待", "Waiting"),
    (
        "arbitration.disputed_at",
        "申请介入时间",
        "Intervention requested",
    ),
    ("arbitration.dispute", "纠纷", "Dispute"),
    (
        "arbitration.back_to_queue",
        "返回纠纷队列",
        "Back to the dispute queue",
    ),
    (
        "arbitration.suggestion",
        "规则建议",
        "Rule-based suggestion",
    ),
    (
        "arbitration.suggestion_note",
        "建议仅供参考，由裁决人员决定；裁决表单已按建议预填。",
        "A suggestion only: the arbitrator decides. The verdict form starts from it.",
    ),
    (
        "arbitration.no_suggestion",
        "没有适用的规则，请根据双方证据裁决。",
        "No rule applies: weigh both sides' evidence.",
    ),
    ("arbitration.rule", "依据规则", "Rule"),
    (
        "arbitration.to_desk",
        "跳到规则建议与裁决表单",
        "Skip to the suggestion and the verdict form",
    ),
    (
        "arbitration.rule.forced_shipping",
        "退款申请处理中商家强行发货",
        "The merchant shipped while a refund request was pending",
    ),
    (
        "arbitration.rule.locker_without_consent",
        "未经买家同意放入快递柜/驿站，视为未签收",
        "Left in a locker without the buyer's consent: not received",
    ),
    (
        "arbitration.rule.proxy_signature_counts_as_buyer",
        "他人代签视为买家本人签收",
        "A proxy signed: that counts as the buyer's signature",
    ),
    (
        "arbitration.rule.proxy_parcel_lost",
        "他人代签但快递未能证实送达，按快递丢失处理：商家退款后向快递追偿",
        "A proxy signed but the carrier has not confirmed delivery: the parcel is lost; the merchant refunds and claims from the carrier",
    ),
    (
        "arbitration.rule.damaged_in_transit",
        "物流配送中商品毁损，商家先与买家协商售后，再向物流索赔",
        "Damaged in transit: the merchant settles with the buyer, then claims from the carrier",
    ),
    (
        "arbitration.rule.seven_day_return_refused",
        "支持七天无理由退货的商品被拒绝退货",
        "A seven-day no-reason return on an eligible product was refused",
    ),
    (
        "arbitration.rule.return_rejected_after_signature",
        "退货已签收，商家仍以未收到退货拒绝",
        "The merchant rejected a signed return as not received",
    ),
    (
        "arbitration.rule.merchant_evidence_missing",
        "商家未提供该场景要求的凭证",
        "The merchant has not shown the evidence its scenario requires",
    ),
    (
        "arbitration.rule.remedy_not_shipped",
        "商家未履行已同意的售后方案",
        "The merchant did not deliver the remedy it agreed to",
    ),
    ("arbitration.verdict", "裁决", "Verdict"),
    ("arbitration.responsibility", "责任方", "Responsibility"),
    ("arbitration.outcome", "处理结果", "Outcome"),
    (
        "arbitration.amount",
        "部分退款金额（元）",
        "Partial refund amount (yuan)",
    ),
    (
        "arbitration.amount_hint",
        "仅部分退款时填写；售后金额",
        "Only for a partial refund; the request's amount is",
    ),
    ("arbitration.reasoning", "裁决理由", "Reasoning"),
    ("arbitration.choose", "请选择", "Choose"),
    ("arbitration.give_verdict", "提交裁决", "Give the verdict"),
    (
        "arbitration.verdict_given",
        "裁决已提交。",
        "The verdict is given.",
    ),
    (
        "arbitration.not_open",
        "此纠纷已结束，不能再裁决。",
        "This dispute is closed; no verdict can be given.",
    ),
    (
        "arbitration.amount_invalid",
        "请输入金额（元），如 12.50",
        "Enter an amount in yuan, such as 12.50",
    ),
    (
        "arbitration.outcome_required",
        "请选择处理结果",
        "Choose an outcome",
    ),
    (
        "arbitration.responsibility_required",
        "请选择责任方",
        "Choose who is responsible",
    ),
];
