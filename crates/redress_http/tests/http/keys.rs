//! API keys over the API: an operator creates a key for a party, the key works within its
//! scope, a retry answers the same key without its secret, bad input names its field and
//! creates nothing, and a revoked key is refused at once.

use crate::support::{TestApp, each_backend};
use redress_store::api::ApiStore;
use serde_json::json;

async fn key_count(app: &TestApp) -> usize {
    app.engine.store().api_keys().await.expect("the keys").len()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_operator_creates_a_key_that_acts_within_its_scope_until_revoked() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        let created = app
            .post(
                "/v1/keys",
                &keys.operator,
                json!({ "role": "merchant", "merchant_id": "M-7", "name": "shop M-7's staff" }),
            )
            .await;
        assert_eq!(created.status, 201, "{created:?}");
        assert_eq!(created.body["role"], "merchant");
        assert_eq!(created.body["merchant_id"], "M-7");
        assert_eq!(created.body["buyer_id"], json!(null));
        assert_eq!(created.body["name"], "shop M-7's staff");
        let secret = created.body["secret"]
            .as_str()
            .expect("the secret")
            .to_owned();
        assert!(secret.starts_with("rk_live_"), "{secret}");
        let key_id = created.body["key_id"].as_str().expect("an id").to_owned();

        // The key is a merchant's key for M-7: its shop, and nobody else's (M-7 is known
        // once it has an order; M-1 has one too).
        app.place_order("O-7", "M-7", "B-1").await;
        app.place_order("O-1", "M-1", "B-1").await;
        let own = app.get("/v1/merchants/M-7", &secret).await;
        assert_eq!(own.status, 200, "{own:?}");
        let foreign = app.get("/v1/merchants/M-1", &secret).await;
        assert_eq!(foreign.status, 404, "{foreign:?}");
        let policy = app.get("/v1/policy", &secret).await;
        assert_eq!(policy.status, 200, "merchants read the policy");
        let staff_only = app
            .post("/v1/keys", &secret, json!({ "role": "operator" }))
            .await;
        assert_eq!((staff_only.status, staff_only.code()), (403, "forbidden"));

        // Revoked: refused at once, and a second revocation finds no active key.
        let path = format!("/v1/keys/{key_id}");
        let revoke = || app.call("DELETE", &path, Some(&keys.operator), None, &[]);
        let revoked = revoke().await;
        assert_eq!(revoked.status, 204, "{revoked:?}");
        let refused = app.get("/v1/merchants/M-7", &secret).await;
        assert_eq!((refused.status, refused.code()), (401, "unauthenticated"));
        let again = revoke().await;
        assert_eq!((again.status, again.code()), (404, "key_unknown"));
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retried_creation_answers_the_same_key_without_its_secret() {
    each_backend(|app: TestApp| async move {
        let operator = app.keys.operator.clone();
        let before = key_count(&app).await;
        let body = json!({ "role": "buyer", "buyer_id": "B-9" });
        let headers: &[(&str, &str)] = &[("Idempotency-Key", "provision-B-9")];
        let first = app
            .call("POST", "/v1/keys", Some(&operator), Some(&body), headers)
            .await;
        assert_eq!(first.status, 201, "{first:?}");
        assert!(first.body["secret"].is_string());
        let retry = app
            .call("POST", "/v1/keys", Some(&operator), Some(&body), headers)
            .await;
        assert_eq!(retry.status, 201, "{retry:?}");
        assert_eq!(
            retry
                .headers
                .get("idempotent-replayed")
                .map(|v| v.as_bytes()),
            Some(&b"true"[..])
        );
        assert_eq!(retry.body["key_id"], first.body["key_id"]);
        assert_eq!(retry.body["buyer_id"], "B-9");
        assert_eq!(
            retry.body["secret"],
            json!(null),
            "the secret is shown once"
        );
        assert_eq!(
            key_count(&app).await,
            before + 1,
            "one key for two requests"
        );
        // Nowhere does the store keep the secret: only its digest, in the key's row.
        let secret = first.body["secret"].as_str().expect("a secret");
        let stored = app.engine.store().api_keys().await.expect("the keys");
        assert!(
            stored
                .iter()
                .all(|k| k.secret_sha256 != secret && !k.name.contains(secret))
        );
        let replayed = app
            .call("POST", "/v1/keys", Some(&operator), Some(&body), headers)
            .await;
        assert!(!replayed.body.to_string().contains(secret));
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_key_requests_name_the_field_and_create_nothing() {
    each_backend(|app: TestApp| async move {
        let operator = app.keys.operator.clone();
        let before = key_count(&app).await;
        for (body, field) in [
            (json!({ "role": "merchant" }), "merchant_id"),
            (
                json!({ "role": "buyer", "merchant_id": "M-1" }),
                "merchant_id",
            ),
            (
                json!({ "role": "merchant", "merchant_id": "M-1", "buyer_id": "B-1" }),
                "buyer_id",
            ),
            (json!({ "role": "operator", "buyer_id": "B-1" }), "buyer_id"),
            (
                json!({ "role": "merchant", "merchant_id": "M 1" }),
                "merchant_id",
            ),
            (json!({ "role": "root" }), "role"),
            (
                json!({ "role": "integration", "name": "x".repeat(101) }),
                "name",
            ),
        ] {
            let answer = app.post("/v1/keys", &operator, body.clone()).await;
            assert_eq!(
                (answer.status, answer.code()),
                (400, "invalid_input"),
                "{body}: {answer:?}"
            );
            assert_eq!(answer.fields(), [field], "{body}");
        }
        assert_eq!(key_count(&app).await, before, "nothing was created");
        app.stop().await;
    })
    .await;
}
