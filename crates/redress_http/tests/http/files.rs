//! Evidence files: a party uploads to its ticket (multipart), the reference goes into
//! evidence, and only keys that may see the ticket download it; wrong types, empty and
//! oversized uploads are refused with a precise problem and store nothing.

use crate::support::{TestApp, cny, each_backend, each_backend_with};
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
            json!({ "type": "reject", "ground": "request", "note": "see the chat",
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

/// Every regular file under `dir`, as paths relative to it.
fn files_under(dir: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&next) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("under the directory");
                found.push(relative.to_string_lossy().into_owned());
            }
        }
    }
    found.sort();
    found
}

fn small_uploads(file_bytes_max: usize, concurrent_max: usize) -> redress_http::Operations {
    redress_http::Operations {
        uploads: redress_http::evidence_files::UploadLimits {
            file_bytes_max,
            concurrent_max,
        },
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_over_the_limit_is_refused_naming_the_limit_and_leaves_no_file() {
    each_backend_with(small_uploads(64 * 1024, 4), |app: TestApp| async move {
        let keys = app.keys.clone();
        two_tickets(&app).await;
        let mut over = png(5);
        over.resize(64 * 1024 + 1, 7);
        let (status, problem) = upload(&app, "T-1", &keys.buyer, "file", over).await;
        assert_eq!((status, &problem["code"]), (413, &json!("file_too_large")));
        assert_eq!(problem["errors"][0]["field"], "file");
        assert!(
            problem["detail"]
                .as_str()
                .is_some_and(|d| d.contains("65536 bytes")),
            "{problem}"
        );
        assert_eq!(files_under(app.evidence_dir()), Vec::<String>::new());
        // Exactly at the limit is fine.
        let mut at_limit = png(5);
        at_limit.resize(64 * 1024, 7);
        let (status, stored) = upload(&app, "T-1", &keys.buyer, "file", at_limit).await;
        assert_eq!(status, 201, "{stored}");
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_is_stored_under_its_hash_and_under_no_id() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        two_tickets(&app).await;
        let (status, stored) = upload(&app, "T-1", &keys.buyer, "file", png(6)).await;
        assert_eq!(status, 201, "{stored}");
        let hex = sha_hex(&png(6));
        assert_eq!(stored["reference"], format!("sha256:{hex}"));
        let content = app
            .evidence_dir()
            .join("sha256")
            .join(&hex[..2])
            .join(&hex[2..]);
        assert_eq!(std::fs::read(&content).expect("the content"), png(6));
        let files = files_under(app.evidence_dir());
        assert_eq!(
            files.len(),
            2,
            "the content and the ticket's link: {files:?}"
        );
        for path in &files {
            for id in ["T-1", "M-1", "B-1", "O-1"] {
                assert!(!path.contains(id), "{path} holds the id {id}");
            }
            assert!(!path.contains(".part"), "no temporary file is left: {path}");
        }
        app.stop().await;
    })
    .await;
}

/// An upload sent by hand that stops after its first bytes: it holds its place among the
/// uploads running until it is finished.
struct HeldUpload {
    stream: tokio::net::TcpStream,
    rest: Vec<u8>,
}

impl HeldUpload {
    /// Start the upload and return once the server is reading its body (it answered
    /// `100 Continue`, which it sends only when the handler first reads the body, after
    /// taking the upload's place).
    async fn start(app: &TestApp, ticket: &str, key: &str, file: &[u8]) -> HeldUpload {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let boundary = "held-upload-boundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\
             Content-Type: image/png\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(file);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let address = app.base.strip_prefix("http://").expect("an http base");
        let mut stream = tokio::net::TcpStream::connect(address)
            .await
            .expect("connects");
        let head = format!(
            "POST /v1/tickets/{ticket}/files HTTP/1.1\r\nHost: {address}\r\n\
             Authorization: Bearer {key}\r\n\
             Content-Type: multipart/form-data; boundary={boundary}\r\n\
             Content-Length: {}\r\nExpect: 100-continue\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).await.expect("writes");
        let mut seen = Vec::new();
        while !seen.ends_with(b"\r\n\r\n") {
            let mut byte = [0u8; 1];
            let read = stream.read(&mut byte).await.expect("reads");
            assert_eq!(
                read,
                1,
                "the server answered: {}",
                String::from_utf8_lossy(&seen)
            );
            seen.push(byte[0]);
        }
        assert!(
            seen.starts_with(b"HTTP/1.1 100"),
            "{}",
            String::from_utf8_lossy(&seen)
        );
        // Part of the file, then nothing until `finish`.
        let (first, rest) = body.split_at(body.len() / 2);
        stream.write_all(first).await.expect("writes");
        HeldUpload {
            stream,
            rest: rest.to_vec(),
        }
    }

    /// Send the rest and read the answer's status.
    async fn finish(mut self) -> u16 {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        self.stream.write_all(&self.rest).await.expect("writes");
        let mut seen = Vec::new();
        while !seen.ends_with(b"\r\n\r\n") {
            let mut byte = [0u8; 1];
            let read = self.stream.read(&mut byte).await.expect("reads");
            assert_eq!(
                read,
                1,
                "the server answered: {}",
                String::from_utf8_lossy(&seen)
            );
            seen.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&seen);
        head.split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("a status line: {head}"))
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn beyond_the_concurrent_uploads_an_upload_is_told_to_retry_later() {
    each_backend_with(small_uploads(1024 * 1024, 1), |app: TestApp| async move {
        let keys = app.keys.clone();
        two_tickets(&app).await;
        let held = HeldUpload::start(&app, "T-1", &keys.buyer, &png(7)).await;
        // The one place is taken: another upload, even to another ticket, is turned away.
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(png(8))
                .file_name("b.png")
                .mime_str("image/png")
                .expect("a mime type"),
        );
        let refused = app
            .client
            .post(format!("{}/v1/tickets/T-2/files", app.base))
            .bearer_auth(&keys.other_buyer)
            .multipart(form)
            .send()
            .await
            .expect("the server answers");
        assert_eq!(refused.status().as_u16(), 429);
        assert_eq!(
            refused
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok()),
            Some("5")
        );
        let problem: serde_json::Value = refused.json().await.expect("a problem");
        assert_eq!(problem["code"], "uploads_busy");
        // The held upload completes, and its place is free again.
        assert_eq!(held.finish().await, 201);
        let (status, stored) = upload(&app, "T-2", &keys.other_buyer, "file", png(8)).await;
        assert_eq!(status, 201, "{stored}");
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn evidence_names_only_files_uploaded_to_its_own_ticket() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        two_tickets(&app).await;
        // A second ticket of merchant M-1: T-3 on O-3.
        app.place_order("O-3", "M-1", "B-1").await;
        app.ok(
            "/v1/orders/O-3/tickets",
            &keys.buyer,
            json!({ "ticket_id": "T-3", "kind": "refund_only", "reason": "dont_want",
                    "amount": cny(1000) }),
        )
        .await;
        let (status, stored) = upload(&app, "T-1", &keys.merchant, "file", png(9)).await;
        assert_eq!(status, 201, "{stored}");
        let reference = stored["reference"]
            .as_str()
            .expect("a reference")
            .to_owned();
        let events = app.events().await;
        // T-1's file named in T-3's rejection: refused, naming the evidence field.
        let reject = |reference: String| {
            json!({ "type": "reject", "ground": "request", "note": "see the chat",
                    "evidence": [
                        { "kind": "chat_records", "reference": "chat 42" },
                        { "kind": "photos", "reference": reference }
                    ] })
        };
        let hex = reference.strip_prefix("sha256:").expect("a digest");
        for foreign in [
            reference.clone(),
            format!("sha256:../../tickets/T-1/files/{reference}"),
            format!("sha256:{}", hex.to_uppercase()),
        ] {
            let refused = app
                .post("/v1/tickets/T-3/actions", &keys.merchant, reject(foreign))
                .await;
            assert_eq!(
                (refused.status, refused.code()),
                (422, "evidence_file_unknown"),
                "{refused:?}"
            );
            assert_eq!(refused.fields(), vec!["evidence[1].reference".to_owned()]);
        }
        // Nor may a new ticket open with it.
        app.place_order("O-4", "M-1", "B-1").await;
        let events = events + 1;
        let refused = app
            .post(
                "/v1/orders/O-4/tickets",
                &keys.buyer,
                json!({ "ticket_id": "T-4", "kind": "refund_only", "reason": "dont_want",
                        "amount": cny(1000),
                        "evidence": [{ "kind": "photos", "reference": reference }] }),
            )
            .await;
        assert_eq!(
            (refused.status, refused.code()),
            (422, "evidence_file_unknown")
        );
        assert_eq!(refused.fields(), vec!["evidence[0].reference".to_owned()]);
        assert_eq!(app.events().await, events, "nothing was recorded");
        // On its own ticket the reference is fine.
        app.ok(
            "/v1/tickets/T-1/actions",
            &keys.merchant,
            reject(reference.clone()),
        )
        .await;

        // A rejection stored before references were checked (written past the API here)
        // shows nothing of the other ticket's file in the console.
        let submission = redress_engine::Submission::new(
            redress_domain::Actor::Merchant(
                redress_domain::MerchantId::parse("M-1").expect("an id"),
            ),
            redress_engine::Command::Order {
                order: redress_domain::OrderId::parse("O-3").expect("an id"),
                command: redress_domain::OrderCommand::Ticket {
                    ticket: redress_domain::TicketId::parse("T-3").expect("an id"),
                    expected_version: None,
                    action: redress_domain::TicketAction::Reject {
                        ground: redress_domain::RejectGround::Request,
                        reason: "old".to_owned(),
                        evidence: vec![
                            redress_domain::evidence::Evidence {
                                kind: redress_domain::evidence::EvidenceKind::ChatRecords,
                                reference: "chat 42".to_owned(),
                                note: String::new(),
                            },
                            redress_domain::evidence::Evidence {
                                kind: redress_domain::evidence::EvidenceKind::Photos,
                                reference: reference.clone(),
                                note: "from ticket one".to_owned(),
                            },
                        ],
                    },
                },
            },
        );
        app.engine.execute(submission).await.expect("recorded");
        let cookie = crate::console::session(&app, &keys.merchant).await;
        let page = crate::console::get(&app, "/merchant/tickets/T-3", &cookie).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(
            page.body.contains("from ticket one"),
            "the item is there: {}",
            page.body
        );
        assert!(!page.body.contains(hex), "the digest is not shown");
        assert!(!page.body.contains("/files/"), "no link to a file");
        // T-1's own page links its file.
        let page = crate::console::get(&app, "/merchant/tickets/T-1", &cookie).await;
        assert!(
            page.body
                .contains(&format!("/tickets/T-1/files/{reference}")),
            "{}",
            page.body
        );
        app.stop().await;
    })
    .await;
}
