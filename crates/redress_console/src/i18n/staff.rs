//! Texts of staff accounts: the staff sign-in form and the shop's staff page.

use super::Message;

pub(super) const MESSAGES: &[Message] = &[
    ("staff.sign_in_heading", "员工账号登录", "Staff sign-in"),
    (
        "staff.sign_in_intro",
        "店铺员工填写店铺 ID；平台仲裁与运营人员留空。",
        "Shop staff give their shop's id; the platform's arbitrators and operators leave it empty.",
    ),
    ("staff.sign_in_merchant", "店铺 ID", "Shop id"),
    (
        "staff.sign_in_merchant_hint",
        "平台员工留空",
        "Empty for the platform's staff",
    ),
    ("staff.sign_in_name", "姓名", "Name"),
    ("staff.sign_in_password", "密码", "Password"),
    (
        "staff.sign_in_error_empty",
        "请输入姓名和密码",
        "Enter a name and a password",
    ),
    (
        "staff.sign_in_error_unknown",
        "姓名或密码不正确",
        "The name or the password is wrong",
    ),
    ("nav.staff", "员工", "Staff"),
    ("staff.title", "店铺员工", "The shop's staff"),
    (
        "staff.intro",
        "每位员工用自己的姓名和密码登录；售后记录会写明是谁操作的。只读员工只能查看。",
        "Each person signs in with their own name and password; the ticket history names who acted. Read-only staff can only look.",
    ),
    ("staff.people", "员工列表", "People"),
    ("staff.none", "还没有员工账号", "No staff accounts yet"),
    ("staff.name", "姓名", "Name"),
    ("staff.role", "角色", "Role"),
    ("staff.since", "创建时间", "Since"),
    ("staff.remove", "移除", "Remove"),
    ("staff.add", "添加员工", "Add a person"),
    ("staff.add_submit", "添加", "Add"),
    ("staff.password", "初始密码", "First password"),
    (
        "staff.password_hint",
        "10 到 200 个字符，请当面告知本人",
        "10 to 200 characters; pass it on in person",
    ),
    ("staff.added", "已添加员工", "Added"),
    (
        "staff.removed",
        "已移除员工，其登录已失效",
        "Removed; their sign-ins have ended",
    ),
    ("staff.role_owner", "店主", "Owner"),
    ("staff.role_clerk", "客服", "Clerk"),
    ("staff.role_read_only", "只读", "Read-only"),
    ("staff.role_arbitrator", "仲裁客服", "Arbitrator"),
    ("staff.role_operator", "平台运营", "Operator"),
    (
        "staff.error_name",
        "姓名需为 1 到 60 个字符的一行文字",
        "The name must be one line of 1 to 60 characters",
    ),
    (
        "staff.error_password",
        "密码需为 10 到 200 个字符",
        "The password must have 10 to 200 characters",
    ),
    (
        "staff.error_taken",
        "已有同名员工",
        "Someone here already has this name",
    ),
    ("staff.error_role", "请选择角色", "Choose a role"),
];
