//! Health, readiness, the OpenAPI description and the reference page.

use crate::support::{TestApp, each_backend};

#[tokio::test(flavor = "multi_thread")]
async fn health_and_readiness_need_no_key() {
    each_backend(|app: TestApp| async move {
        let health = app.call("GET", "/healthz", None, None, &[]).await;
        assert_eq!(health.status, 200);
        assert_eq!(health.body["status"], "ok");
        assert_eq!(health.body["database"], app.backend);
        assert_eq!(health.body["mode"], "live");
        assert_eq!(
            health.body["clock"], "2026-03-02T02:00:00Z",
            "the engine's clock"
        );
        let ready = app.call("GET", "/readyz", None, None, &[]).await;
        assert_eq!(
            (ready.status, &ready.body["status"]),
            (200, &"ready".into())
        );
        assert!(
            health.headers.contains_key("x-request-id"),
            "every answer carries a request id"
        );
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_openapi_description_covers_every_route() {
    each_backend(|app: TestApp| async move {
        let spec = app.call("GET", "/openapi.json", None, None, &[]).await;
        assert_eq!(spec.status, 200);
        assert_eq!(spec.body["openapi"], "3.1.0");
        let paths = spec.body["paths"].as_object().expect("paths");
        for path in [
            "/v1/orders",
            "/v1/orders/{order_id}",
            "/v1/orders/{order_id}/logistics",
            "/v1/orders/{order_id}/tickets",
            "/v1/tickets",
            "/v1/tickets/{ticket_id}",
            "/v1/tickets/{ticket_id}/actions",
            "/v1/payments/refunds/{ticket_id}",
            "/v1/merchants/{merchant_id}",
            "/v1/merchants/{merchant_id}/fast-refund",
            "/v1/merchants/{merchant_id}/strategies/{strategy_id}",
            "/v1/merchants/{merchant_id}/strategies/{strategy_id}/disable",
            "/v1/merchants/{merchant_id}/refund-handling",
            "/v1/merchants/{merchant_id}/platform-fast-refund-exclusion",
            "/v1/buyers/{buyer_id}/trust",
            "/v1/policy",
            "/v1/policy/versions",
            "/healthz",
            "/readyz",
        ] {
            assert!(paths.contains_key(path), "{path} is described");
        }
        let schemes = &spec.body["components"]["securitySchemes"]["api_key"];
        assert_eq!(schemes["scheme"], "bearer");
        let action = &spec.body["components"]["schemas"]["TicketActionRequest"];
        assert!(action["oneOf"].is_array(), "{action}");
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_reference_page_is_served_from_the_binary() {
    each_backend(|app: TestApp| async move {
        let page = app.call("GET", "/docs", None, None, &[]).await;
        assert_eq!(page.status, 200);
        let html = page.body.as_str().expect("html");
        assert!(html.contains("/openapi.json") && html.contains("/docs/swagger-ui-bundle.js"));
        assert!(!html.contains("https://"), "nothing from a CDN");
        let script = app
            .call("GET", "/docs/swagger-ui-bundle.js", None, None, &[])
            .await;
        assert_eq!(script.status, 200);
        assert!(script.content_type.starts_with("text/javascript"));
        app.stop().await;
    })
    .await;
}

/// Every `$ref` in the description names a schema it defines: a dangling one (the
/// leaderboard's `RankBy` once) breaks every generated client and schemathesis.
#[tokio::test(flavor = "multi_thread")]
async fn every_reference_in_the_description_resolves() {
    fn refs(value: &serde_json::Value, found: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(target)) = map.get("$ref") {
                    found.push(target.clone());
                }
                map.values().for_each(|v| refs(v, found));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
            _ => {}
        }
    }
    let spec = serde_json::to_value(redress_http::openapi()).expect("serialises");
    let mut found = Vec::new();
    refs(&spec, &mut found);
    assert!(
        found.len() > 20,
        "the description uses references: {found:?}"
    );
    for target in found {
        let pointer = target.strip_prefix('#').expect("a local reference");
        assert!(spec.pointer(pointer).is_some(), "{target} is defined");
    }
}

/// The bodies told apart by a tag field are described with that field, as the server reads
/// them (`{"type": "approve"}`), not as `{"approve": {}}`: a description that said the
/// latter once passed through a `macro_rules!` literal that utoipa could not see into.
#[tokio::test(flavor = "multi_thread")]
async fn tagged_bodies_are_described_with_their_tag_field() {
    let spec = serde_json::to_value(redress_http::openapi()).expect("serialises");
    for (schema, tag, example) in [
        ("TicketActionRequest", "type", "approve"),
        ("LogisticsRequest", "type", "delivered"),
        ("RefundResultRequest", "type", "succeeded"),
    ] {
        let variants = spec["components"]["schemas"][schema]["oneOf"]
            .as_array()
            .unwrap_or_else(|| panic!("{schema} is a oneOf"));
        let mut names = Vec::new();
        for variant in variants {
            let required = variant["required"].as_array().expect("required fields");
            assert!(
                required.iter().any(|r| r == tag),
                "{schema} requires {tag}: {variant}"
            );
            let values = &variant["properties"][tag]["enum"];
            names.extend(
                values
                    .as_array()
                    .unwrap_or_else(|| panic!("{schema}.{tag} is an enum: {variant}"))
                    .iter()
                    .map(|v| v.as_str().expect("a name").to_owned()),
            );
        }
        assert!(names.iter().any(|n| n == example), "{schema}: {names:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn readiness_fails_once_the_writer_has_stopped() {
    each_backend(|app: TestApp| async move {
        let ready = app.call("GET", "/readyz", None, None, &[]).await;
        assert_eq!(ready.status, 200);
        // The writer ends (here because the engine was shut down under the server): the
        // process can only answer `stopped`, so it must leave the load balancer's rotation.
        app.engine.shutdown().await;
        assert!(!app.engine.writer_alive());
        let ready = app.call("GET", "/readyz", None, None, &[]).await;
        assert_eq!((ready.status, ready.code()), (503, "not_ready"));
        assert!(
            ready.body["detail"]
                .as_str()
                .is_some_and(|d| d.contains("writer")),
            "{ready:?}"
        );
        let health = app.call("GET", "/healthz", None, None, &[]).await;
        assert_eq!(health.status, 200, "the process itself is up");
        app.stop().await;
    })
    .await;
}
