//! Texts of the merchant workbench: queue, ticket page, strategies, metrics.

use super::Message;

pub(super) const MESSAGES: &[Message] = &[
    ("merchant.queue_title", "售后工作台", "After-sales queue"),
    (
        "merchant.queue_caption",
        "按处理时限排序，最紧急的在前",
        "Sorted by deadline, most urgent first",
    ),
    (
        "merchant.truncated",
        "仅显示前 200 条，请缩小筛选范围",
        "showing the first 200; narrow the filters",
    ),
    (
        "merchant.overdue_warning",
        "已逾期的售后单（逾期将自动同意）",
        "Overdue tickets (the system approves them when overdue)",
    ),
    (
        "merchant.soon_warning",
        "6 小时内到期",
        "Due within 6 hours",
    ),
    ("merchant.return_signed", "退货已签收", "Return signed"),
    (
        "merchant.due_within_hours",
        "N 小时内到期",
        "Due within N hours",
    ),
    (
        "merchant.hours_invalid",
        "请输入 1 到 1440 之间的整数小时",
        "Enter whole hours from 1 to 1440",
    ),
    ("merchant.saved_views", "常用筛选", "Saved views"),
    (
        "merchant.no_views",
        "还没有保存的筛选。设置好筛选条件后在下面命名保存。",
        "No saved views yet. Set the filters, then name and save them below.",
    ),
    ("merchant.view_name", "名称", "Name"),
    ("merchant.save_view", "保存当前筛选", "Save current filters"),
    ("merchant.delete_view", "删除", "Delete"),
    ("merchant.view_saved", "筛选已保存", "View saved"),
    ("merchant.view_deleted", "筛选已删除", "View deleted"),
    (
        "merchant.select_all",
        "全选可同意的售后单",
        "Select every ticket that can be approved",
    ),
    ("merchant.select", "选择", "Select"),
    ("merchant.bulk_approve", "批量同意所选", "Approve selected"),
    ("merchant.bulk_result", "批量同意结果", "Bulk approve"),
    (
        "merchant.bulk_none",
        "没有选择任何售后单",
        "No ticket was selected",
    ),
    ("merchant.approved", "已同意", "Approved"),
    ("merchant.disputed", "平台介入", "Disputed"),
    ("merchant.signed", "已签收", "Signed"),
    ("merchant.auto", "自动", "Auto"),
    (
        "merchant.empty",
        "没有符合条件的售后单。",
        "No tickets match.",
    ),
    (
        "merchant.back_to_queue",
        "返回售后工作台",
        "Back to the queue",
    ),
    ("merchant.actions", "处理", "Actions"),
    ("merchant.action_done", "操作已完成", "Done"),
    ("merchant.approve", "同意", "Approve"),
    (
        "merchant.approve_text",
        "同意买家的申请：仅退款将直接退款；退货退款将等待买家退货。",
        "Approve the request: refund-only refunds now; a return waits for the buyer's parcel.",
    ),
    (
        "merchant.approve_after_refusal",
        "同意拒收后退款",
        "Refund after refusal",
    ),
    (
        "merchant.approve_after_refusal_text",
        "包裹已发出未签收：买家拒收、退回或拦截成功后自动退款。",
        "Shipped, not delivered: the refund follows once the parcel is refused, returned or intercepted.",
    ),
    (
        "merchant.propose_remedy",
        "协商其他方案",
        "Propose a remedy",
    ),
    ("merchant.remedy", "方案", "Remedy"),
    (
        "merchant.compensation_amount",
        "赔偿金额（仅折价赔偿）",
        "Compensation (partial compensation only)",
    ),
    (
        "merchant.yuan_hint",
        "单位：元，如 12.50",
        "In yuan, e.g. 12.50",
    ),
    (
        "merchant.amount_invalid",
        "请输入金额（元），最多两位小数",
        "Enter an amount in yuan, at most two decimals",
    ),
    ("merchant.note", "留言", "Note"),
    ("merchant.propose", "发送方案", "Propose"),
    (
        "merchant.confirm_return",
        "确认收货并退款",
        "Accept the return and refund",
    ),
    (
        "merchant.confirm_return_text",
        "退货已收到且无误，确认后系统退款。",
        "The return arrived as sent; confirming refunds the buyer.",
    ),
    ("merchant.reject", "拒绝", "Reject"),
    ("merchant.ground", "拒绝依据", "Ground"),
    ("merchant.reject_reason", "拒绝理由", "Reason"),
    ("merchant.tracking", "运单号", "Tracking number"),
    (
        "merchant.ship_replacement",
        "发出换新/补发",
        "Ship the replacement",
    ),
    (
        "merchant.settle",
        "同意退款（协商解决）",
        "Settle: approve the refund",
    ),
    (
        "merchant.settle_text",
        "平台介入期间同意退款，纠纷以商家协商结束，仍可能被复核。",
        "Approve the refund during the dispute; it ends settled by the merchant and may be re-checked.",
    ),
    ("merchant.add_evidence", "补充凭证", "Add evidence"),
    (
        "merchant.evidence_required",
        "请上传文件或填写凭证编号",
        "Upload a file or enter a reference",
    ),
    ("merchant.action_unknown", "未知操作", "Unknown action"),
];
