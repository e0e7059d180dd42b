//! The console's server-side sessions (issue 15.9): the cookie holds a random session id,
//! never the API key or its digest; sign-out, revoking the key and the idle and absolute
//! timeouts end a session, and a cookie of an ended session is refused.

use crate::console::{get, post_form, session};
use crate::support::{TestApp, each_backend};
use redress_store::api::ConsoleSessionStore;
use serde_json::json;
use sha2::{Digest, Sha256};

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The session id a `Cookie` header from [`session`] carries.
fn id_of(cookie: &str) -> &str {
    cookie
        .strip_prefix("redress_session=")
        .expect("a session cookie")
}

/// Whether the cookie still opens the merchant's queue (otherwise: back to sign-in).
async fn opens_the_queue(app: &TestApp, cookie: &str) -> bool {
    let page = get(app, "/merchant", cookie).await;
    match page.status {
        200 => true,
        303 => {
            assert_eq!(page.headers["location"], "/sign-in");
            false
        }
        other => panic!("unexpected {other}: {}", page.body),
    }
}

#[tokio::test]
async fn the_cookie_holds_a_random_session_id_not_the_key() {
    each_backend(|app| async move {
        let key = app.keys.merchant.clone();
        let cookie = session(&app, &key).await;
        let id = id_of(&cookie);
        assert_ne!(id, key);
        assert_ne!(id, sha256_hex(&key), "not the key's stored digest either");
        assert!(!id.contains(&key[8..]), "no part of the secret: {id}");
        assert!(
            id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit()),
            "256 random bits: {id}"
        );
        // A second sign-in opens another session.
        let again = session(&app, &key).await;
        assert_ne!(id_of(&again), id);
        // The store keeps the id's digest, not the id.
        let store = app.engine.store();
        let (kept, _) = store
            .console_session(&sha256_hex(id))
            .await
            .expect("reads")
            .expect("the session is kept by its digest");
        assert_ne!(kept.session_sha256, id);
        assert!(store.console_session(id).await.expect("reads").is_none());
        // The raw key in the cookie, as an earlier release set it, opens nothing.
        assert!(!opens_the_queue(&app, &format!("redress_session={key}")).await);
        assert!(opens_the_queue(&app, &cookie).await);
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    each_backend(|app| async move {
        let cookie = session(&app, &app.keys.merchant).await;
        let other = session(&app, &app.keys.merchant).await;
        assert!(opens_the_queue(&app, &cookie).await);
        let out = post_form(&app, "/sign-out", &cookie, &[]).await;
        assert_eq!(out.status, 303);
        // A copy of the old cookie (one the browser did not forget) is refused...
        assert!(!opens_the_queue(&app, &cookie).await);
        let store = app.engine.store();
        assert!(
            store
                .console_session(&sha256_hex(id_of(&cookie)))
                .await
                .expect("reads")
                .is_none()
        );
        // ...and the key's other session goes on.
        assert!(opens_the_queue(&app, &other).await);
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn revoking_the_key_ends_its_sessions() {
    each_backend(|app| async move {
        let created = app
            .post(
                "/v1/keys",
                &app.keys.operator,
                json!({ "role": "merchant", "merchant_id": "M-1", "name": "desk" }),
            )
            .await;
        assert_eq!(created.status, 201, "{created:?}");
        let secret = created.body["secret"]
            .as_str()
            .expect("a secret")
            .to_owned();
        let key_id = created.body["key_id"].as_str().expect("an id").to_owned();
        let first = session(&app, &secret).await;
        let second = session(&app, &secret).await;
        let unrelated = session(&app, &app.keys.merchant).await;
        assert!(opens_the_queue(&app, &first).await);
        let revoked = app
            .call(
                "DELETE",
                &format!("/v1/keys/{key_id}"),
                Some(&app.keys.operator),
                None,
                &[],
            )
            .await;
        assert_eq!(revoked.status, 204, "{revoked:?}");
        assert!(!opens_the_queue(&app, &first).await);
        assert!(!opens_the_queue(&app, &second).await);
        assert!(opens_the_queue(&app, &unrelated).await);
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_session_idle_for_twelve_hours_is_refused() {
    each_backend(|app| async move {
        let cookie = session(&app, &app.keys.merchant).await;
        // Each request moves the end on: 11 hours idle twice is fine.
        app.advance_hours(11);
        assert!(opens_the_queue(&app, &cookie).await);
        app.advance_hours(11);
        assert!(opens_the_queue(&app, &cookie).await);
        // 12 hours without a request end it, for good.
        app.advance_hours(12);
        assert!(!opens_the_queue(&app, &cookie).await);
        let gone = app
            .engine
            .store()
            .console_session(&sha256_hex(id_of(&cookie)))
            .await
            .expect("reads");
        assert!(gone.is_none(), "an ended session is deleted");
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_session_ends_seven_days_after_sign_in_however_busy() {
    each_backend(|app| async move {
        let cookie = session(&app, &app.keys.merchant).await;
        // A request every 11 hours: 165 hours in, still open...
        for _ in 0..15 {
            app.advance_hours(11);
            assert!(opens_the_queue(&app, &cookie).await);
        }
        // ...but 7 days (168 hours) after sign-in it ends.
        app.advance_hours(11);
        assert!(!opens_the_queue(&app, &cookie).await);
        // Signing in again opens a new one.
        let fresh = session(&app, &app.keys.merchant).await;
        assert!(opens_the_queue(&app, &fresh).await);
        app.stop().await;
    })
    .await;
}
