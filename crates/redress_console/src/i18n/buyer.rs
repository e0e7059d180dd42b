//! Texts of the buyer's view: orders, requests, returns, escalation.

use super::Message;

pub(super) const MESSAGES: &[Message] = &[
    ("buyer.edit", "修改申请", "Edit the request"),
    (
        "buyer.edit_text_rejected",
        "商家拒绝了这个申请。您可以修改后重新提交，商家将重新处理；也可以申请平台介入。",
        "The merchant rejected this request. Correct it and submit it again for the merchant to answer anew, or ask the platform to step in.",
    ),
    (
        "buyer.edit_text",
        "商家处理前，您可以修改申请；商家将按修改后的申请处理。",
        "Before the merchant answers, you can correct the request; the merchant answers it as corrected.",
    ),
    ("buyer.resubmit", "重新提交申请", "Submit again"),
    ("buyer.title", "我的订单与售后", "My orders and requests"),
    (
        "buyer.open_heading",
        "申请售后",
        "Open an after-sales request",
    ),
    ("buyer.order_number", "订单号", "Order number"),
    (
        "buyer.order_hint",
        "订单详情页上的订单号",
        "As shown on the order's details page",
    ),
    ("buyer.find_order", "查找订单", "Find the order"),
    (
        "buyer.order_unknown",
        "没有这个订单，或它不是您的订单",
        "No such order, or it is not yours",
    ),
    ("buyer.my_requests", "我的售后单", "My requests"),
    (
        "buyer.no_requests",
        "您还没有售后单。",
        "You have no requests yet.",
    ),
    ("buyer.back", "返回我的售后", "Back to my requests"),
    (
        "buyer.requests_on_order",
        "此订单的售后单",
        "Requests on this order",
    ),
    ("buyer.amount", "退款金额（元）", "Amount to refund (yuan)"),
    ("buyer.return_quantity", "申请数量", "Units to return"),
    (
        "buyer.lines_hint",
        "填写每件商品申请售后的数量；都不填则为全部可申请的数量。退款金额留空则按所选数量计算。",
        "Enter how many units of each line the request is about; none entered means every unit still open. Leave the amount blank to ask what those units are worth.",
    ),
    ("buyer.submit_request", "提交申请", "Submit the request"),
    (
        "buyer.opened",
        "售后申请已提交",
        "Your request was submitted",
    ),
    (
        "buyer.proposal_text",
        "商家提出了其他方案，您可以接受或拒绝。",
        "The merchant proposed another remedy; accept or decline it.",
    ),
    ("buyer.accept_remedy", "接受方案", "Accept"),
    ("buyer.decline_remedy", "拒绝方案", "Decline"),
    ("buyer.ship_return", "填写退货物流", "Ship the return"),
    (
        "buyer.return_tracking",
        "退货运单号",
        "Return tracking number",
    ),
    (
        "buyer.escalate",
        "申请平台介入",
        "Ask the platform to step in",
    ),
    (
        "buyer.escalate_text",
        "商家拒绝了您的申请。平台介入后，双方可在举证期内补充凭证，由平台判定。",
        "The merchant rejected your request. Once the platform steps in, both sides may add evidence before it decides.",
    ),
    ("buyer.escalate_note", "申请说明", "What happened"),
    (
        "buyer.cancel_dispute",
        "撤销平台介入",
        "Withdraw the dispute",
    ),
    ("buyer.cancel", "撤销申请", "Cancel the request"),
    (
        "buyer.cancel_text",
        "撤销后售后单关闭（退款关闭）。",
        "Cancelling closes the request.",
    ),
];
