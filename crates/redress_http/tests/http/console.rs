//! The web console: sign-in and its cookie, scopes on pages, languages. The browser tests
//! (`scripts/browser-tests.sh`) drive the same pages in chromium; these check what a browser
//! cannot see, such as the cookie's attributes, on both backends.

use crate::support::{TestApp, cny, each_backend, each_backend_sandbox, order_body};
use serde_json::json;

/// A page fetched as a browser would, with the session cookie when given.
pub(crate) struct Page {
    pub(crate) status: u16,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: String,
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

pub(crate) async fn get(app: &TestApp, path: &str, cookies: &str) -> Page {
    let mut request = client().get(format!("{}{path}", app.base));
    if !cookies.is_empty() {
        request = request.header("cookie", cookies);
    }
    read(request.send().await.expect("the server answers")).await
}

async fn get_lang(app: &TestApp, path: &str, cookies: &str, accept_language: &str) -> Page {
    let request = client()
        .get(format!("{}{path}", app.base))
        .header("cookie", cookies)
        .header("accept-language", accept_language);
    read(request.send().await.expect("the server answers")).await
}

pub(crate) async fn post_form(
    app: &TestApp,
    path: &str,
    cookies: &str,
    form: &[(&str, &str)],
) -> Page {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let mut request = client()
        .post(format!("{}{path}", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body);
    if !cookies.is_empty() {
        request = request.header("cookie", cookies);
    }
    read(request.send().await.expect("the server answers")).await
}

async fn read(response: reqwest::Response) -> Page {
    Page {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.text().await.expect("a body"),
    }
}

/// The `Cookie` header of a browser signed in with `key` through the form.
pub(crate) async fn session(app: &TestApp, key: &str) -> String {
    let page = post_form(app, "/sign-in", "", &[("key", key)]).await;
    assert_eq!(page.status, 303, "signed in: {}", page.body);
    let cookie = page.headers["set-cookie"].to_str().expect("ASCII");
    let value = cookie
        .split(';')
        .next()
        .and_then(|pair| pair.strip_prefix("redress_session="))
        .expect("a session cookie");
    format!("redress_session={value}")
}

#[tokio::test]
async fn sign_in_sets_an_http_only_same_site_cookie() {
    each_backend(|app| async move {
        let page = post_form(&app, "/sign-in", "", &[("key", &app.keys.merchant)]).await;
        assert_eq!(page.status, 303);
        assert_eq!(page.headers["location"], "/");
        let cookie = page.headers["set-cookie"].to_str().expect("ASCII");
        assert!(cookie.starts_with("redress_session="), "{cookie}");
        assert!(!cookie.contains(&app.keys.merchant), "{cookie}");
        for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
            assert!(cookie.contains(attribute), "{cookie} has {attribute}");
        }
        assert!(!cookie.contains("Secure"), "plain http: {cookie}");
        // Behind a proxy that terminates TLS the cookie is Secure too.
        let behind_tls = client()
            .post(format!("{}/sign-in", app.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-forwarded-proto", "https")
            .body(format!("key={}", app.keys.merchant))
            .send()
            .await
            .expect("the server answers");
        let cookie = behind_tls.headers()["set-cookie"].to_str().expect("ASCII");
        assert!(cookie.contains("; Secure"), "{cookie}");
        // The cookie then opens the merchant's start page.
        let home = get(&app, "/", &session(&app, &app.keys.merchant).await).await;
        assert_eq!(home.status, 303);
        assert_eq!(home.headers["location"], "/merchant");
        let queue = get(&app, "/merchant", &session(&app, &app.keys.merchant).await).await;
        assert_eq!(queue.status, 200, "{}", queue.body);
        assert!(
            queue.headers["content-security-policy"]
                .to_str()
                .expect("ASCII")
                .contains("script-src 'self'")
        );
        // Signing out clears it.
        let out = post_form(
            &app,
            "/sign-out",
            &session(&app, &app.keys.merchant).await,
            &[],
        )
        .await;
        assert_eq!(out.status, 303);
        assert!(
            out.headers["set-cookie"]
                .to_str()
                .expect("ASCII")
                .contains("Max-Age=0")
        );
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_bad_key_shows_the_error_next_to_the_field() {
    each_backend(|app| async move {
        let page = post_form(&app, "/sign-in", "", &[("key", "rk_live_nope")]).await;
        assert_eq!(page.status, 401);
        assert!(page.headers.get("set-cookie").is_none());
        assert!(
            page.body.contains(r#"id="key-error""#)
                && page.body.contains("unknown or has been revoked"),
            "{}",
            page.body
        );
        assert!(page.body.contains(r#"aria-invalid="true""#));
        // A revoked or made-up cookie sends the browser back to sign in.
        let page = get(&app, "/merchant", "redress_session=rk_live_nope").await;
        assert_eq!(page.status, 303);
        assert_eq!(page.headers["location"], "/sign-in");
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn an_integration_key_is_refused() {
    each_backend(|app| async move {
        let page = post_form(&app, "/sign-in", "", &[("key", &app.keys.integration)]).await;
        assert_eq!(page.status, 403);
        assert!(page.headers.get("set-cookie").is_none());
        assert!(
            page.body.contains("not for integration keys"),
            "{}",
            page.body
        );
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn an_area_of_another_role_is_refused() {
    each_backend(|app| async move {
        let page = get(
            &app,
            "/operations",
            &session(&app, &app.keys.merchant).await,
        )
        .await;
        assert_eq!(page.status, 403);
        assert!(
            page.headers["content-type"]
                .to_str()
                .expect("ASCII")
                .starts_with("text/html")
        );
        let page = get(&app, "/merchant", &session(&app, &app.keys.buyer).await).await;
        assert_eq!(page.status, 403);
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_cross_site_post_is_refused() {
    each_backend(|app| async move {
        let response = client()
            .post(format!("{}/sign-out", app.base))
            .header("origin", "https://evil.example")
            .header("cookie", session(&app, &app.keys.merchant).await)
            .send()
            .await
            .expect("the server answers");
        assert_eq!(response.status().as_u16(), 403);
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn pages_render_in_chinese_and_english() {
    each_backend(|app| async move {
        let key = session(&app, &app.keys.merchant).await;
        let zh = get_lang(&app, "/merchant", &key, "zh-CN,zh;q=0.9,en;q=0.8").await;
        assert!(zh.body.contains(r#"<html lang="zh-CN">"#), "{}", zh.body);
        assert!(zh.body.contains("售后工作台"));
        let en = get_lang(&app, "/merchant", &key, "en-US,en;q=0.9").await;
        assert!(en.body.contains(r#"<html lang="en">"#));
        assert!(en.body.contains("After-sales queue"));
        // The switch sets a cookie that wins over Accept-Language.
        let switched = post_form(
            &app,
            "/lang",
            &key,
            &[("lang", "zh-CN"), ("back", "/merchant")],
        )
        .await;
        assert_eq!(switched.status, 303);
        assert_eq!(switched.headers["location"], "/merchant");
        let cookie = switched.headers["set-cookie"].to_str().expect("ASCII");
        assert!(cookie.starts_with("redress_lang=zh-CN"), "{cookie}");
        let both = format!("{key}; redress_lang=zh-CN");
        let page = get_lang(&app, "/merchant", &both, "en-US").await;
        assert!(page.body.contains(r#"<html lang="zh-CN">"#));
        // The switch only goes back to this site.
        let away = post_form(
            &app,
            "/lang",
            &key,
            &[("lang", "en"), ("back", "//evil.example/")],
        )
        .await;
        assert_eq!(away.headers["location"], "/");
        // Nor to text a header cannot hold.
        let broken = post_form(
            &app,
            "/lang",
            &key,
            &[("lang", "en"), ("back", "/merchant\r\nX: y")],
        )
        .await;
        assert_eq!(broken.status, 303);
        assert_eq!(broken.headers["location"], "/");
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn the_sandbox_banner_shows_the_clock_and_operators_advance_it() {
    each_backend_sandbox(|app| async move {
        let page = get(&app, "/merchant", &session(&app, &app.keys.merchant).await).await;
        assert!(page.body.contains("SANDBOX"), "{}", page.body);
        assert!(
            page.body.contains("2026-03-02 10:00"),
            "Shanghai time: {}",
            page.body
        );
        assert!(
            !page.body.contains(r#"action="/sandbox""#),
            "no advance form for merchants"
        );
        let operator = session(&app, &app.keys.operator).await;
        let page = post_form(&app, "/sandbox", &operator, &[("by", "PT48H")]).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains("2026-03-04 10:00"), "{}", page.body);
        let refused = post_form(&app, "/sandbox", &operator, &[("by", "yesterday")]).await;
        assert_eq!(refused.status, 422);
        assert!(refused.body.contains(r#"id="advance-by-error""#));
        let merchant = post_form(
            &app,
            "/sandbox",
            &session(&app, &app.keys.merchant).await,
            &[("by", "PT1H")],
        )
        .await;
        assert_eq!(merchant.status, 403);
        app.stop().await;
    })
    .await;
    each_backend(|app| async move {
        let page = get(&app, "/merchant", &session(&app, &app.keys.merchant).await).await;
        assert!(!page.body.contains("SANDBOX"));
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn console_routes_are_not_in_the_api_description() {
    each_backend(|app| async move {
        let spec = app
            .client
            .get(format!("{}/openapi.json", app.base))
            .send()
            .await
            .expect("answers");
        let text = spec.text().await.expect("a body");
        for path in [
            "\"/sign-in\"",
            "\"/merchant\"",
            "\"/buyer\"",
            "\"/sandbox\"",
        ] {
            assert!(!text.contains(path), "{path} is in /openapi.json");
        }
        // The embedded assets are served with long cache headers.
        let page = get(&app, "/sign-in", "").await;
        let css = page
            .body
            .split('"')
            .find(|s| s.starts_with("/assets/console/") && s.ends_with("console.css"))
            .expect("the page links its CSS")
            .to_owned();
        let asset = client()
            .get(format!("{}{css}", app.base))
            .send()
            .await
            .expect("answers");
        assert_eq!(asset.status().as_u16(), 200);
        assert!(
            asset.headers()["cache-control"]
                .to_str()
                .expect("ASCII")
                .contains("immutable")
        );
        let _ = (cny(1), json!({}), order_body("O-1", "M-1", "B-1"));
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_foreign_ticket_page_answers_404_like_the_api() {
    each_backend(|app| async move {
        app.place_order("O-1", "M-1", "B-1").await;
        app.ok(
            "/v1/orders/O-1/tickets",
            &app.keys.buyer,
            json!({
                "ticket_id": "T-1", "kind": "refund_only", "reason": "dont_want",
                "amount": cny(20000), "items": [], "description": "拍错了", "evidence": [],
            }),
        )
        .await;
        let own = get(
            &app,
            "/merchant/tickets/T-1",
            &session(&app, &app.keys.merchant).await,
        )
        .await;
        assert_eq!(own.status, 200, "{}", own.body);
        assert!(
            own.body.contains("¥200.00"),
            "amounts in yuan: {}",
            own.body
        );
        assert!(own.body.contains("拍错了"));
        let foreign = get(
            &app,
            "/merchant/tickets/T-1",
            &session(&app, &app.keys.other_merchant).await,
        )
        .await;
        assert_eq!(foreign.status, 404);
        let missing = get(
            &app,
            "/merchant/tickets/T-404",
            &session(&app, &app.keys.merchant).await,
        )
        .await;
        assert_eq!(missing.status, 404);
        // A foreign ticket looks exactly like a missing one.
        assert_eq!(
            foreign.body.replace("M-2", "M-1"),
            missing.body.replace("T-404", "T-1")
        );
        assert!(!foreign.body.contains("拍错了"));
        // The other merchant's queue does not list it.
        let queue = get(
            &app,
            "/merchant",
            &session(&app, &app.keys.other_merchant).await,
        )
        .await;
        assert!(!queue.body.contains("T-1"), "{}", queue.body);
        // Buyers: their own ticket and order, not another buyer's.
        let buyer = get(
            &app,
            "/buyer/tickets/T-1",
            &session(&app, &app.keys.buyer).await,
        )
        .await;
        assert_eq!(buyer.status, 200);
        let other = get(
            &app,
            "/buyer/tickets/T-1",
            &session(&app, &app.keys.other_buyer).await,
        )
        .await;
        assert_eq!(other.status, 404);
        let order = get(
            &app,
            "/buyer/orders/O-1",
            &session(&app, &app.keys.other_buyer).await,
        )
        .await;
        assert_eq!(order.status, 404);
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_refused_action_shows_its_error_next_to_the_field() {
    each_backend(|app| async move {
        app.place_order("O-1", "M-1", "B-1").await;
        app.ok(
            "/v1/orders/O-1/tickets",
            &app.keys.buyer,
            json!({
                "ticket_id": "T-1", "kind": "refund_only", "reason": "quality_problem",
                "amount": cny(20000), "items": [], "description": "", "evidence": [],
            }),
        )
        .await;
        let form = reqwest::multipart::Form::new()
            .text("action", "reject")
            .text("reason", "完好")
            .text("evidence_kind", "photos");
        let response = client()
            .post(format!("{}/merchant/tickets/T-1", app.base))
            .header("cookie", session(&app, &app.keys.merchant).await)
            .multipart(form)
            .send()
            .await
            .expect("the server answers");
        let page = read(response).await;
        assert_eq!(page.status, 422);
        assert!(
            page.body.contains(r#"id="reject-evidence-error""#),
            "{}",
            page.body
        );
        assert_eq!(app.ticket_state("T-1").await, "requested");
        app.stop().await;
    })
    .await;
}

/// The buyer's and the merchant's ticket pages are one handler (`redress_console`'s
/// `ticket_page`): each side keeps its own roles and comes back to its own page.
#[tokio::test]
async fn each_side_acts_on_its_own_ticket_page_only() {
    each_backend(|app| async move {
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
        let post = |path: &'static str, key: String, action: &'static str| {
            let app = &app;
            async move {
                let form = reqwest::multipart::Form::new().text("action", action);
                let response = client()
                    .post(format!("{}{path}", app.base))
                    .header("cookie", session(app, &key).await)
                    .multipart(form)
                    .send()
                    .await
                    .expect("the server answers");
                read(response).await
            }
        };
        // The merchant on the buyer's page, and the buyer on the merchant's: refused before
        // anything is read or done.
        let page = post("/buyer/tickets/T-1", app.keys.merchant.clone(), "cancel").await;
        assert_eq!(page.status, 403, "{}", page.body);
        let page = post("/merchant/tickets/T-1", app.keys.buyer.clone(), "approve").await;
        assert_eq!(page.status, 403, "{}", page.body);
        assert_eq!(app.ticket_state("T-1").await, "requested");
        // A form of the other side is not this side's action.
        let page = post("/buyer/tickets/T-1", app.keys.buyer.clone(), "approve").await;
        assert_eq!(page.status, 422, "{}", page.body);
        assert_eq!(app.ticket_state("T-1").await, "requested");
        // The buyer's own action comes back to the buyer's page.
        let page = post("/buyer/tickets/T-1", app.keys.buyer.clone(), "cancel").await;
        assert_eq!(page.status, 303, "{}", page.body);
        assert_eq!(page.headers["location"], "/buyer/tickets/T-1?done=cancel");
        assert_eq!(app.ticket_state("T-1").await, "closed");
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn the_metrics_page_shows_the_figures_in_chinese() {
    each_backend(|app| async move {
        let page = get_lang(
            &app,
            "/merchant/metrics",
            &session(&app, &app.keys.merchant).await,
            "zh-CN",
        )
        .await;
        assert_eq!(page.status, 200, "{}", page.body);
        for term in ["纠纷介入率", "商责纠纷率", "达标线", "data-chart="] {
            assert!(page.body.contains(term), "{term}: {}", page.body);
        }
        let buyer = get(
            &app,
            "/merchant/metrics",
            &session(&app, &app.keys.buyer).await,
        )
        .await;
        assert_eq!(buyer.status, 403);
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_strategy_dry_run_counts_the_tickets_it_would_have_approved() {
    each_backend(|app| async move {
        for (order, ticket, amount) in [("O-1", "T-1", 5_000), ("O-2", "T-2", 20_000)] {
            let mut body = order_body(order, "M-1", "B-1");
            body["paid"] = cny(amount);
            body["items"][0]["amount"] = cny(amount);
            app.ok("/v1/orders", &app.keys.integration, body).await;
            app.ok(
                &format!("/v1/orders/{order}/tickets"),
                &app.keys.buyer,
                json!({
                    "ticket_id": ticket, "kind": "refund_only", "reason": "dont_want",
                    "amount": cny(amount), "items": [], "description": "", "evidence": [],
                }),
            )
            .await;
        }
        let key = session(&app, &app.keys.merchant).await;
        let run = |amount: &'static str| {
            let key = key.clone();
            let app = &app;
            async move {
                post_form(
                    app,
                    "/merchant/strategies",
                    &key,
                    &[
                        ("id", "s1"),
                        ("name", "small"),
                        ("kind", "refund_only"),
                        ("amount_max", amount),
                        ("action", "approve"),
                        ("intent", "dry_run"),
                    ],
                )
                .await
            }
        };
        let page = run("100").await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(
            page.body
                .contains("This rule would have approved 1 tickets"),
            "{}",
            page.body
        );
        let page = run("").await;
        assert!(
            page.body.contains("would have approved 2 tickets"),
            "{}",
            page.body
        );
        // Nothing was saved by a dry run.
        let merchant = app.get("/v1/merchants/M-1", &app.keys.merchant).await;
        assert_eq!(
            merchant.body["strategies"]
                .as_array()
                .map(Vec::len)
                .unwrap_or(0),
            0,
            "{:?}",
            merchant.body
        );
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_form_takes_an_evidence_file_past_the_usual_body_limit() {
    each_backend(|app| async move {
        app.place_order("O-1", "M-1", "B-1").await;
        // A 2 MiB PNG (the signature is what the store checks), over the API's 1 MiB body limit.
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.resize(2 * 1024 * 1024, 0);
        let form = reqwest::multipart::Form::new()
            .text("kind", "refund_only")
            .text("reason", "quality_problem")
            .text("amount", "200")
            .text("description", "有破损")
            .text("evidence_kind", "photos")
            .part(
                "file",
                reqwest::multipart::Part::bytes(png)
                    .file_name("photo.png")
                    .mime_str("image/png")
                    .expect("a media type"),
            );
        let response = client()
            .post(format!("{}/buyer/orders/O-1", app.base))
            .header("cookie", session(&app, &app.keys.buyer).await)
            .multipart(form)
            .send()
            .await
            .expect("the server answers");
        let page = read(response).await;
        assert_eq!(page.status, 303, "{}", page.body);
        assert_eq!(page.headers["location"], "/buyer/tickets/R1-O-1?done=open");
        let ticket = app.get("/v1/tickets/R1-O-1", &app.keys.buyer).await;
        let reference = ticket.body["buyer_evidence"][0]["reference"]
            .as_str()
            .expect("evidence")
            .to_owned();
        assert!(reference.starts_with("sha256:"), "{reference}");
        app.stop().await;
    })
    .await;
}
