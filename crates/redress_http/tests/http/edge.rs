//! The edge as an attacker meets it: made-up methods and paths do not grow `/metrics`,
//! anonymous traffic from one address does not lock out the keys and console users behind
//! it, and a connection that sends nothing is closed rather than held for ever.

use crate::support::{TestApp, each_backend_with};
use redress_http::Operations;
use redress_http::limits::RateLimit;
use redress_http::net::ConnectionLimits;
use std::num::NonZeroU32;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A bound no healthy answer comes near: a test that waits this long fails instead of
/// hanging.
const GENEROUS: Duration = Duration::from_secs(30);

async fn metrics_page(app: &TestApp) -> String {
    let page = app.get("/metrics", &app.keys.operator).await;
    assert_eq!(page.status, 200, "{page:?}");
    page.body.as_str().expect("text").to_owned()
}

/// A request with any method and path, as a scanner sends it.
async fn send(app: &TestApp, method: &str, path: &str) -> u16 {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a token");
    app.client
        .request(method, format!("{}{path}", app.base))
        .send()
        .await
        .expect("the server answers")
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread")]
async fn made_up_methods_and_paths_do_not_grow_the_metrics_page() {
    each_backend_with(Operations::default(), |app: TestApp| async move {
        // Every series these requests can make exists once the first round is counted.
        for (method, path) in [
            ("FROB", "/nowhere-0"),
            ("GET", "/nowhere-0"),
            ("FROB", "/v1/orders"),
        ] {
            send(&app, method, path).await;
        }
        metrics_page(&app).await;
        let before = metrics_page(&app).await;
        for n in 0..200 {
            let method = format!("MADEUP{n}");
            let status = send(&app, &method, &format!("/nowhere-{n}/x{}", n * 7919)).await;
            assert!((400..500).contains(&status), "{method}: {status}");
            if n % 20 == 0 {
                send(&app, &method, "/v1/orders").await;
            }
        }
        let after = metrics_page(&app).await;
        let lines = |text: &str| text.lines().count();
        assert_eq!(lines(&after), lines(&before), "no new series:\n{after}");
        assert!(!after.contains("MADEUP"), "{after}");
        assert!(!after.contains("nowhere"), "{after}");
        assert!(
            after.contains(r#"method="other",route="unmatched""#),
            "made-up methods are counted as other: {after}"
        );
        app.stop().await;
    })
    .await;
}

fn limited(per_second: u32, burst: u32) -> Operations {
    Operations {
        rate_limit: Some(RateLimit {
            per_second: NonZeroU32::new(per_second).expect("not zero"),
            burst: NonZeroU32::new(burst).expect("not zero"),
        }),
        ..Operations::default()
    }
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

/// Sign in to the console with `key` as a browser does: the session cookie it sets.
async fn sign_in(app: &TestApp, key: &str) -> String {
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("key", key)
        .finish();
    let answer = browser()
        .post(format!("{}/sign-in", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("the server answers");
    assert_eq!(answer.status().as_u16(), 303, "{answer:?}");
    let cookie = answer
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("a session cookie");
    cookie.split(';').next().expect("name=value").to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn anonymous_traffic_from_an_address_does_not_lock_out_keys_or_console_users_there() {
    each_backend_with(limited(1, 3), |app: TestApp| async move {
        let keys = app.keys.clone();
        let session = sign_in(&app, &keys.merchant).await;
        // The anonymous budget of 127.0.0.1 is spent: a burst of 3 and one more a second,
        // so within twenty requests one is refused however slow the machine.
        let mut refused = false;
        for _ in 0..20 {
            if send(&app, "GET", "/v1/webhooks").await == 429 {
                refused = true;
                break;
            }
        }
        assert!(refused, "anonymous requests are limited");

        // A key from the same address has its own budget.
        let keyed = app.get("/v1/webhooks", &keys.merchant).await;
        assert_eq!(keyed.status, 200, "{keyed:?}");
        // So has a console user signed in from it, by the key behind the session.
        let page = browser()
            .get(format!("{}/merchant", app.base))
            .header("cookie", &session)
            .send()
            .await
            .expect("the server answers");
        assert_eq!(page.status().as_u16(), 200, "{page:?}");
        // And sign-in attempts: guessing keys at the sign-in form spends only its budget.
        let other = sign_in(&app, &keys.arbitrator).await;
        assert!(!other.is_empty());
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_connection_that_sends_nothing_is_closed_and_frees_its_slot() {
    let operations = Operations {
        connections: ConnectionLimits {
            max_connections: 2,
            header_read_timeout: Duration::from_secs(1),
            body_read_timeout: Duration::from_secs(1),
        },
        ..Operations::default()
    };
    each_backend_with(operations, |app: TestApp| async move {
        let address = app.base.trim_start_matches("http://").to_owned();
        // Both slots taken by sockets that never send a byte.
        let mut idle = Vec::new();
        for _ in 0..2 {
            idle.push(
                tokio::net::TcpStream::connect(&address)
                    .await
                    .expect("connects"),
            );
        }
        // The server closes each one once its head is overdue: the read sees the end.
        for socket in &mut idle {
            let mut byte = [0u8; 1];
            let read = tokio::time::timeout(GENEROUS, socket.read(&mut byte))
                .await
                .expect("the server closes an idle connection");
            assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");
        }
        // A slot is free again: a new connection is served.
        let mut fresh = tokio::net::TcpStream::connect(&address)
            .await
            .expect("connects");
        fresh
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .expect("sent");
        let mut answer = String::new();
        tokio::time::timeout(GENEROUS, fresh.read_to_string(&mut answer))
            .await
            .expect("answered")
            .expect("read");
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        drop(idle);
        app.stop().await;
    })
    .await;
}

fn one_second_timeouts() -> Operations {
    Operations {
        connections: ConnectionLimits {
            max_connections: 64,
            header_read_timeout: Duration::from_secs(1),
            body_read_timeout: Duration::from_secs(1),
        },
        ..Operations::default()
    }
}

/// Read until the server closes the connection (bounded), then the whole text.
async fn read_until_closed(socket: &mut tokio::net::TcpStream) -> String {
    let mut answer = Vec::new();
    let read = tokio::time::timeout(GENEROUS, socket.read_to_end(&mut answer))
        .await
        .expect("the server closes the connection");
    assert!(read.is_ok(), "{read:?}");
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_idle_keep_alive_connection_is_closed_after_the_header_read_timeout() {
    each_backend_with(one_second_timeouts(), |app: TestApp| async move {
        let address = app.base.trim_start_matches("http://").to_owned();
        let mut socket = tokio::net::TcpStream::connect(&address)
            .await
            .expect("connects");
        // Keep-alive (HTTP/1.1's default): after the answer the connection waits for the
        // next request, and is closed when none comes.
        socket
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .expect("sent");
        let answer = read_until_closed(&mut socket).await;
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_that_stalls_is_refused_without_waiting_for_the_request_timeout() {
    each_backend_with(one_second_timeouts(), |app: TestApp| async move {
        let address = app.base.trim_start_matches("http://").to_owned();
        let mut socket = tokio::net::TcpStream::connect(&address)
            .await
            .expect("connects");
        // Ten bytes announced, two sent, then silence.
        let head = format!(
            "POST /v1/webhooks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\n\
             Content-Type: application/json\r\nContent-Length: 10\r\nConnection: close\r\n\r\n{{\"",
            app.keys.operator
        );
        socket.write_all(head.as_bytes()).await.expect("sent");
        let answer = read_until_closed(&mut socket).await;
        assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
        assert!(answer.contains("body_unreadable"), "{answer}");
        app.stop().await;
    })
    .await;
}
