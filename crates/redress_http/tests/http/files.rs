//! Evidence files: a party uploads to its ticket (multipart), the reference goes into
//! evidence, and only keys that may see the ticket download it; wrong types, empty and
//! oversized uploads are refused with a precise problem and store nothing.

use crate::support::{TestApp, cny, each_backend};
use serde_json::json;

/// A tiny PNG: the signature and a header are enough for the type check.
fn png(seed: u8) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend([seed; 32]);
    bytes
}

async fn upload(
    app: &TestApp,
    ticket: &str,
    key: &str,
    part: &str,
    bytes: Vec<u8>,
) -> (u16, serde_json::Value) {
    let (status, body, _) = upload_keyed(app, ticket, key, part, bytes, None).await;
    (status, body)
}

/// An upload, with an `Idempotency-Key` when given; also says whether it was a replay.
async fn upload_keyed(
    app: &TestApp,
    ticket: &str,
    key: &str,
    part: &str,
    bytes: Vec<u8>,
    idempotency_key: Option<&str>,
) -> (u16, serde_json::Value, bool) {
    let form = reqwest::multipart::Form::new().part(
        part.to_owned(),
        reqwest::multipart::Part::bytes(bytes)
            .file_name("photo.png")
            .mime_str("image/png")
            .expect("a mime type"),
    );
    let mut request = app
        .client
        .post(format!("{}/v1/tickets/{ticket}/files", app.base))
        .bearer_auth(key)
        .multipart(form);
    if let Some(idempotency_key) = idempotency_key {
        request = request.header("idempotency-key", idempotency_key);
    }
    let answer = request.send().await.expect("the server answers");
    let status = answer.status().as_u16();
    let replayed = answer.headers().contains_key("idempotent-replayed");
    (
        status,
        answer.json().await.unwrap_or(serde_json::Value::Null),
        replayed,
    )
}

async fn download(
    app: &TestApp,
    ticket: &str,
    key: &str,
    reference: &str,
) -> (u16, String, Vec<u8>) {
    let answer = app
        .client
        .get(format!(
            "{}/v1/tickets/{ticket}/files/{reference}",
            app.base
        ))
        .bearer_auth(key)
        .send()
        .await
        .expect("the server answers");
    let status = answer.status().as_u16();
    let content_type = answer
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    (
        status,
        content_type,
        answer.bytes().await.expect("a body").to_vec(),
    )
}

async fn two_tickets(app: &TestApp) {
    for (order, merchant, buyer, ticket, key) in [
        ("O-1", "M-1", "B-1", "T-1", app.keys.buyer.clone()),
        ("O-2", "M-2", "B-2", "T-2", app.keys.other_buyer.clone()),
    ] {
        app.place_order(order, merchant, buyer).await;
        app.ok(
            &format!("/v1/orders/{order}/tickets"),
            &key,
            json!({ "ticket_id": ticket, "kind": "refund_only", "reason": "dont_want",
                    "amount": cny(1000) }),
        )
        .await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_party_uploads_a_file_and_only_those_who_see_the_ticket_download_it() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        two_tickets(&app).await;
        let (status, stored) = upload(&app, "T-1", &keys.buyer, "file", png(1)).await;
        assert_eq!(status, 201, "{stored}");
        let reference = stored["reference"]
            .as_str()
            .expect("a reference")
            .to_owned();
        assert!(reference.starts_with("sha256:") && reference.len() == 7 + 64);
        assert_eq!(stored["content_type"], "image/png");

        // The reference goes into evidence like any other: the merchant rejects with it.
        app.ok(
            "/v1/tickets/T-1/actions",
            &keys.merchant,
            json!({ "action": "reject", "ground": "request", "reason": "see the chat",
                    "evidence": [{ "kind": "chat_records", "reference": reference }] }),
        )
        .await;
        let ticket = app.get("/v1/tickets/T-1", &keys.buyer).await;
        assert_eq!(ticket.body["state"], "rejected", "{ticket:?}");

        for key in [
            &keys.buyer,
            &keys.merchant,
            &keys.operator,
            &keys.arbitrator,
        ] {
            let (status, content_type, bytes) = download(&app, "T-1", key, &reference).await;
            assert_eq!((status, content_type.as_str()), (200, "image/png"));
            assert_eq!(bytes, png(1));
        }
        for key in [&keys.other_merchant, &keys.other_buyer] {
            let (status, _, _) = download(&app, "T-1", key, &reference).await;
            assert_eq!(status, 404, "another party's ticket is not there for them");
        }
        let (status, _, _) = download(&app, "T-1", &keys.integration, &reference).await;
        assert_eq!(status, 403);
        // The file belongs to T-1: asking for it through another ticket finds nothing.
        let (status, _, _) = download(&app, "T-2", &keys.operator, &reference).await;
        assert_eq!(status, 404);
        let (status, _) = upload(&app, "T-1", &keys.other_buyer, "file", png(2)).await;
        assert_eq!(status, 404, "no upload to a foreign ticket");
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_idempotency_key_names_one_upload() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        two_tickets(&app).await;
        let key = Some("upload-1");
        let (status, first, replayed) =
            upload_keyed(&app, "T-1", &keys.buyer, "file", png(1), key).await;
        assert_eq!((status, replayed), (201, false), "{first}");
        let (status, again, replayed) =
            upload_keyed(&app, "T-1", &keys.buyer, "file", png(1), key).await;
        assert_eq!((status, replayed), (201, true), "{again}");
        assert_eq!(again, first);
        let (status, other, _) = upload_keyed(&app, "T-1", &keys.buyer, "file", png(2), key).await;
        assert_eq!(
            (status, &other["code"]),
            (422, &json!("idempotency_key_reused"))
        );
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_uploads_get_a_precise_problem_and_store_nothing() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        two_tickets(&app).await;
        let (status, problem) =
            upload(&app, "T-1", &keys.buyer, "file", b"just text".to_vec()).await;
        assert_eq!(
            (status, &problem["code"]),
            (415, &json!("file_type_unsupported"))
        );
        let (status, problem) = upload(&app, "T-1", &keys.buyer, "file", Vec::new()).await;
        assert_eq!(
            (status, &problem["errors"][0]["field"]),
            (400, &json!("file"))
        );
        let (status, problem) = upload(&app, "T-1", &keys.buyer, "photo", png(3)).await;
        assert_eq!(
            (status, &problem["errors"][0]["field"]),
            (400, &json!("photo"))
        );
        let mut huge = png(4);
        huge.resize(10 * 1024 * 1024 + 1, 0);
        let (status, problem) = upload(&app, "T-1", &keys.buyer, "file", huge).await;
        assert_eq!((status, &problem["code"]), (413, &json!("file_too_large")));
        // None of those was stored: the smallest one's reference is not downloadable.
        let text_reference = format!("sha256:{}", sha_hex(b"just text"));
        let (status, _, _) = download(&app, "T-1", &keys.operator, &text_reference).await;
        assert_eq!(status, 404);
        let (status, _, _) = download(&app, "T-1", &keys.operator, "not-a-reference").await;
        assert_eq!(status, 404);
        app.stop().await;
    })
    .await;
}

fn sha_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
