//! Staff accounts (issue 19 point 4): named people sign in to the console with a password,
//! act in their role (read-only staff only look), and owners add and remove staff; removing
//! a person ends their sessions. Both backends.

use crate::console::{Page, get, post_form};
use crate::support::{TestApp, cny, each_backend};
use redress_domain::MerchantId;
use redress_engine::Clock;
use redress_http::staff::{StaffMember, StaffRole, add_staff};
use serde_json::json;

const PASSWORD: &str = "a long enough password";

async fn person(app: &TestApp, merchant: Option<&str>, name: &str, role: StaffRole) -> StaffMember {
    let merchant = merchant.map(|m| MerchantId::parse(m).expect("an id"));
    add_staff(
        app.engine.store(),
        merchant.as_ref(),
        name,
        role,
        PASSWORD,
        app.clock.now(),
    )
    .await
    .expect("the person is added")
}

/// The staff sign-in form's answer.
async fn staff_sign_in(app: &TestApp, merchant: &str, name: &str, password: &str) -> Page {
    post_form(
        app,
        "/sign-in/staff",
        "",
        &[
            ("merchant", merchant),
            ("name", name),
            ("password", password),
        ],
    )
    .await
}

/// The `Cookie` header of a browser signed in as the person.
async fn staff_session(app: &TestApp, merchant: &str, name: &str) -> String {
    let page = staff_sign_in(app, merchant, name, PASSWORD).await;
    assert_eq!(page.status, 303, "signed in: {}", page.body);
    let cookie = page.headers["set-cookie"].to_str().expect("ASCII");
    let value = cookie
        .split(';')
        .next()
        .and_then(|pair| pair.strip_prefix("redress_session="))
        .expect("a session cookie");
    format!("redress_session={value}")
}

/// The merchant's ticket form, submitted as the browser does (multipart).
async fn ticket_action(app: &TestApp, cookie: &str, ticket: &str, action: &str) -> Page {
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
        .post(format!("{}/merchant/tickets/{ticket}", app.base))
        .header("cookie", cookie)
        .multipart(reqwest::multipart::Form::new().text("action", action.to_owned()))
        .send()
        .await
        .expect("the server answers");
    Page {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.text().await.expect("a body"),
    }
}

async fn open_ticket(app: &TestApp) {
    app.place_order("O-1", "M-1", "B-1").await;
    app.ok(
        "/v1/orders/O-1/tickets",
        &app.keys.buyer,
        json!({
            "ticket_id": "T-1", "kind": "refund_only", "reason": "dont_want",
            "amount": cny(20000), "items": [], "description": "", "evidence": [],
        }),
    )
    .await;
}

#[tokio::test]
async fn a_clerk_signs_in_with_a_password_and_acts_and_read_only_staff_only_look() {
    each_backend(|app| async move {
        open_ticket(&app).await;
        let clerk = person(&app, Some("M-1"), "Zhang Wei", StaffRole::Clerk).await;
        person(&app, Some("M-1"), "Liu Yang", StaffRole::ReadOnly).await;

        // A wrong password, an unknown name and another shop's id answer alike, with no
        // cookie.
        for (merchant, name, password) in [
            ("M-1", "Zhang Wei", "not the password"),
            ("M-1", "Nobody", PASSWORD),
            ("M-2", "Zhang Wei", PASSWORD),
        ] {
            let refused = staff_sign_in(&app, merchant, name, password).await;
            assert_eq!(refused.status, 401, "{merchant} {name}: {}", refused.body);
            assert!(refused.headers.get("set-cookie").is_none());
            assert!(
                refused.body.contains("The name or the password is wrong"),
                "{}",
                refused.body
            );
        }

        let looker = staff_session(&app, "M-1", "Liu Yang").await;
        let queue = get(&app, "/merchant", &looker).await;
        assert_eq!(queue.status, 200, "{}", queue.body);
        assert!(queue.body.contains("Liu Yang"), "the person is named");
        let before = app.events().await;
        let refused = ticket_action(&app, &looker, "T-1", "approve").await;
        assert_eq!(refused.status, 403, "{}", refused.body);
        assert_eq!(app.events().await, before, "read-only staff change nothing");
        assert_eq!(app.ticket_state("T-1").await, "requested");

        let desk = staff_session(&app, "M-1", "Zhang Wei").await;
        let done = ticket_action(&app, &desk, "T-1", "approve").await;
        assert_eq!(done.status, 303, "{}", done.body);
        assert_ne!(app.ticket_state("T-1").await, "requested");
        // The clerk acted for the shop: the domain's merchant, in the shop's scope.
        let ticket = app.get("/v1/tickets/T-1", &app.keys.merchant).await;
        let last = ticket.body["timeline"]
            .as_array()
            .expect("a timeline")
            .iter()
            .rev()
            .find(|e| e["event"] == "approved")
            .expect("the approval")
            .clone();
        assert_eq!(last["actor"]["role"], "merchant", "{last}");
        assert_eq!(last["actor"]["id"], "M-1", "{last}");
        // ...and the log names the person.
        assert_eq!(last["actor"]["staff_id"], clerk.staff_id.as_str(), "{last}");
        let opened = &ticket.body["timeline"][1]["actor"];
        assert!(
            opened.get("staff_id").is_none(),
            "a buyer is no staff: {opened}"
        );
        // The ticket's history in the console shows the person's name.
        let history = get(&app, "/merchant/tickets/T-1", &desk).await;
        assert_eq!(history.status, 200);
        assert!(
            history
                .body
                .contains(r#"<code>M-1</code> · <span translate="no">Zhang Wei</span>"#),
            "the person in the history: {}",
            history.body
        );
        // Clerks do not manage staff.
        let staff_page = get(&app, "/merchant/staff", &desk).await;
        assert_eq!(staff_page.status, 403);
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn an_owner_adds_and_removes_staff_and_removal_ends_their_sessions() {
    each_backend(|app| async move {
        person(&app, Some("M-1"), "Wang Li", StaffRole::Owner).await;
        person(&app, Some("M-2"), "Other Owner", StaffRole::Owner).await;
        let owner = staff_session(&app, "M-1", "Wang Li").await;
        let page = get(&app, "/merchant/staff", &owner).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains("Wang Li"));
        assert!(!page.body.contains("Other Owner"), "only the shop's own");

        // A short password is refused next to the form, adding nobody.
        let short = post_form(
            &app,
            "/merchant/staff",
            &owner,
            &[
                ("name", "Zhao Lei"),
                ("role", "clerk"),
                ("password", "short"),
            ],
        )
        .await;
        assert_eq!(short.status, 422, "{}", short.body);
        assert!(
            short.body.contains("10 to 200 characters"),
            "{}",
            short.body
        );
        let added = post_form(
            &app,
            "/merchant/staff",
            &owner,
            &[
                ("name", "Zhao Lei"),
                ("role", "clerk"),
                ("password", PASSWORD),
            ],
        )
        .await;
        assert_eq!(added.status, 303, "{}", added.body);
        let again = post_form(
            &app,
            "/merchant/staff",
            &owner,
            &[
                ("name", "Zhao Lei"),
                ("role", "clerk"),
                ("password", PASSWORD),
            ],
        )
        .await;
        assert_eq!(again.status, 422, "one Zhao Lei per shop: {}", again.body);

        let people = redress_http::staff::list_staff(
            app.engine.store(),
            Some(&MerchantId::parse("M-1").expect("an id")),
        )
        .await
        .expect("lists");
        let zhao = people
            .iter()
            .find(|p| p.name == "Zhao Lei")
            .expect("added")
            .clone();
        assert_eq!(zhao.role, StaffRole::Clerk);
        let clerk = staff_session(&app, "M-1", "Zhao Lei").await;
        assert_eq!(get(&app, "/merchant", &clerk).await.status, 200);

        // Another shop's owner cannot remove M-1's person.
        let foreign = staff_session(&app, "M-2", "Other Owner").await;
        let refused = post_form(
            &app,
            "/merchant/staff/remove",
            &foreign,
            &[("id", &zhao.staff_id)],
        )
        .await;
        assert_eq!(refused.status, 404);
        assert_eq!(get(&app, "/merchant", &clerk).await.status, 200);

        let removed = post_form(
            &app,
            "/merchant/staff/remove",
            &owner,
            &[("id", &zhao.staff_id)],
        )
        .await;
        assert_eq!(removed.status, 303, "{}", removed.body);
        let after = get(&app, "/merchant", &clerk).await;
        assert_eq!(after.status, 303, "the removed person's session ended");
        assert_eq!(after.headers["location"], "/sign-in");
        let late = staff_sign_in(&app, "M-1", "Zhao Lei", PASSWORD).await;
        assert_eq!(late.status, 401);
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn the_platforms_staff_sign_in_without_a_shop_and_are_named_in_the_log() {
    each_backend(|app| async move {
        let arbitrator = person(&app, None, "Chen Jing", StaffRole::Arbitrator).await;
        // A merchant's role needs a shop, a platform's role refuses one.
        let store = app.engine.store();
        let now = app.clock.now();
        assert!(
            add_staff(store, None, "No Shop", StaffRole::Clerk, PASSWORD, now)
                .await
                .is_err()
        );
        let m1 = MerchantId::parse("M-1").expect("an id");
        assert!(
            add_staff(
                store,
                Some(&m1),
                "Shop Op",
                StaffRole::Operator,
                PASSWORD,
                now
            )
            .await
            .is_err()
        );
        let desk = staff_session(&app, "", "Chen Jing").await;
        let queue = get(&app, "/arbitration", &desk).await;
        assert_eq!(queue.status, 200, "{}", queue.body);
        assert!(queue.body.contains("Chen Jing"));
        // The person acts under their own id: the platform's staff id in every event.
        assert_eq!(
            arbitrator.principal().actor(),
            redress_domain::Actor::Arbitrator(
                redress_domain::StaffId::parse(&arbitrator.staff_id).expect("an id")
            )
        );
        app.stop().await;
    })
    .await;
}
