//! Texts of the ticket's thread (协商历史), return addresses, the merchant's settings and the
//! evidence checklist of the action forms (issue 19, points 2, 3 and 7).

use super::Message;

pub(super) const MESSAGES: &[Message] = &[
    ("thread.heading", "协商历史", "Conversation"),
    (
        "thread.empty",
        "还没有留言。买家与商家可在此协商;平台介入后平台客服也会在此留言。",
        "No messages yet. Buyer and merchant talk here; once the platform steps in, its staff write here too.",
    ),
    ("thread.write", "留言", "Your message"),
    ("thread.send", "发送留言", "Send message"),
    ("event.message_posted", "留言", "Message"),
    (
        "event.return_address_set",
        "商家设置退货地址",
        "Return address set",
    ),
    ("return_address.heading", "退货地址", "Return address"),
    ("return_address.current", "当前地址", "Current address"),
    (
        "return_address.none",
        "尚未设置退货地址:请在店铺设置中填写,或为本单单独指定。",
        "No return address yet: set the shop's in the settings, or name one for this ticket.",
    ),
    (
        "return_address.for_ticket",
        "本单退货地址(覆盖店铺地址)",
        "This ticket's return address (overrides the shop's)",
    ),
    (
        "return_address.save",
        "保存本单退货地址",
        "Save this ticket's address",
    ),
    (
        "return_address.buyer_hint",
        "请将商品寄回此地址,并填写退货物流单号。",
        "Send the goods back to this address and enter the return tracking number.",
    ),
    ("nav.merchant_settings", "店铺售后设置", "Shop settings"),
    (
        "settings.title",
        "店铺售后设置",
        "Shop after-sales settings",
    ),
    ("settings.fast_refund", "极速退款", "Fast refund"),
    (
        "settings.fast_refund_text",
        "开启后,未发货订单的仅退款申请将自动同意并立即退款(平台规则另有的极速退款不受影响)。",
        "When on, refund-only requests on unshipped orders are approved and refunded at once (the platform's own fast refund is not affected).",
    ),
    ("settings.fast_refund_on", "已开启", "On"),
    ("settings.fast_refund_off", "未开启", "Off"),
    (
        "settings.fast_refund_enable",
        "开启极速退款",
        "Turn fast refund on",
    ),
    (
        "settings.fast_refund_disable",
        "关闭极速退款",
        "Turn fast refund off",
    ),
    (
        "settings.platform_excluded",
        "平台已将本店排除在平台极速退款之外。",
        "The platform excluded this shop from its fast refund.",
    ),
    (
        "settings.return_address",
        "店铺退货地址",
        "Shop return address",
    ),
    (
        "settings.return_address_hint",
        "买家的退货申请被同意后,将看到此地址;单个售后单可另行指定。留空则删除。",
        "Buyers see this address once their return is approved; a ticket may name its own. Leave empty to remove it.",
    ),
    (
        "settings.save_address",
        "保存退货地址",
        "Save return address",
    ),
    ("settings.saved", "已保存", "Saved"),
    ("settings.unchanged", "设置未变化", "Nothing changed"),
    (
        "checklist.heading",
        "本场景需要的凭证",
        "Evidence this case needs",
    ),
    (
        "checklist.intro",
        "提交前请核对:✔ 已提交,● 本表单已选择,✘ 仍缺少。",
        "Check before submitting: ✔ given, ● chosen in this form, ✘ still missing.",
    ),
    (
        "checklist.none",
        "本场景没有必需的凭证。",
        "This case needs no particular evidence.",
    ),
    ("checklist.missing", "仍缺少", "still missing"),
    ("checklist.given", "已提交", "given"),
    ("checklist.chosen", "本表单已选择", "chosen in this form"),
    ("evidence.item", "凭证", "Evidence item"),
    (
        "evidence.kept",
        "已上传的文件已保留,无需重新上传",
        "The file already uploaded is kept; no need to upload it again",
    ),
    ("metrics.see_tickets", "查看相关售后单", "See the tickets"),
    (
        "queue.from_metric",
        "正在查看指标对应的售后单",
        "Showing the tickets behind a metric",
    ),
    (
        "queue.disputed_between",
        "首次平台介入日期",
        "First dispute between",
    ),
    (
        "queue.overdue_only",
        "仅逾期自动同意",
        "Approved as overdue only",
    ),
    (
        "queue.completed_between",
        "退款完结日期",
        "Refund completed between",
    ),
    (
        "queue.never_disputed",
        "未经平台介入",
        "Never taken to the platform",
    ),
    (
        "queue.merchant_responsible",
        "商责纠纷",
        "Merchant-responsible disputes",
    ),
    (
        "queue.clear_metric",
        "清除指标筛选",
        "Clear the metric filter",
    ),
];
