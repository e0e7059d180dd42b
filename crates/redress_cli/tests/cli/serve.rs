//! `redress keys` and `redress serve` as a process: a key created on the command line opens
//! the API, a revoked one no longer does, settings come from a configuration file, and
//! SIGTERM stops the server cleanly.

use super::{SMALL_MODEL_START, operator_key, redress, serve, serve_sandbox, text};
use std::io::{Read, Write};
use std::net::TcpStream;

/// One HTTP/1.1 request; the status line of the answer.
fn status_line(address: &str, path: &str, key: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("the server accepts");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {key}\r\nConnection: close\r\n\r\n"
    )
    .expect("the request is sent");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("an answer");
    answer.lines().next().unwrap_or("").to_owned()
}

#[test]
fn keys_open_the_api_until_revoked_and_sigterm_stops_the_server() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let database = dir.path().join("api.db");
    let database = database.to_str().expect("a UTF-8 path");

    let created = redress(&[
        "keys",
        "create",
        "--role",
        "merchant",
        "--merchant",
        "M-1",
        "--name",
        "shop",
        "--database",
        database,
    ]);
    assert!(created.status.success(), "{}", text(&created.stderr));
    let secret = text(&created.stdout).trim().to_owned();
    assert!(
        secret.starts_with("rk_live_") && secret.len() == 8 + 64,
        "{secret}"
    );
    let stderr = text(&created.stderr);
    let key_id = stderr
        .split_whitespace()
        .find(|word| word.starts_with("key_"))
        .expect("the key id is shown")
        .to_owned();

    let refused = redress(&[
        "keys",
        "create",
        "--role",
        "merchant",
        "--database",
        database,
    ]);
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains("--merchant"),
        "{}",
        text(&refused.stderr)
    );

    let listed = redress(&["keys", "list", "--database", database]);
    let listing = text(&listed.stdout);
    assert!(
        listing.contains(&key_id) && listing.contains("merchant:M-1"),
        "{listing}"
    );
    assert!(
        !listing.contains(&secret),
        "the secret is never shown again"
    );

    // Settings from a configuration file; an unknown key in it stops the start.
    let config = dir.path().join("redress.toml");
    std::fs::write(&config, "listen = \"127.0.0.1:0\"\nlisten_port = 1\n").expect("written");
    let config = config.to_str().expect("a UTF-8 path");
    let typo = redress(&["serve", "--config", config]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        text(&typo.stderr).contains("listen_port"),
        "{}",
        text(&typo.stderr)
    );
    std::fs::write(
        config,
        format!("listen = \"127.0.0.1:0\"\ndatabase = {database:?}\nlog_format = \"text\"\n"),
    )
    .expect("written");

    let server = serve(&["--config", config]);
    let address = server.address.clone();
    assert!(status_line(&address, "/healthz", "").ends_with("200 OK"));
    assert!(status_line(&address, "/v1/tickets", &secret).ends_with("200 OK"));
    let revoked = redress(&["keys", "revoke", &key_id, "--database", database]);
    assert!(revoked.status.success(), "{}", text(&revoked.stderr));
    assert!(status_line(&address, "/v1/tickets", &secret).ends_with("401 Unauthorized"));

    let rest = server.stop();
    assert!(
        rest.iter().any(|line| line.contains("stopped;")),
        "{rest:?}"
    );
}

/// One HTTP/1.1 request with a JSON body; the whole answer.
fn post(address: &str, path: &str, key: &str, body: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("the server accepts");
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {key}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("the request is sent");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("an answer");
    answer
}

#[test]
fn serve_sandbox_runs_on_a_test_clock_that_operators_advance() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let database = dir.path().join("sandbox.db");
    let database = database.to_str().expect("a UTF-8 path");
    let operator = operator_key(database);

    // A start without a sandbox would be ignored: it is refused.
    let ignored = redress(&["serve", "--sandbox-start", SMALL_MODEL_START]);
    assert!(!ignored.status.success());
    assert!(
        text(&ignored.stderr).contains("--sandbox-start needs --sandbox"),
        "{}",
        text(&ignored.stderr)
    );

    let server = serve_sandbox(database, SMALL_MODEL_START);
    let address = server.address.clone();

    let mut health = String::new();
    let mut stream = TcpStream::connect(&address).expect("the server accepts");
    write!(
        stream,
        "GET /healthz HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .expect("sent");
    stream.read_to_string(&mut health).expect("an answer");
    assert!(health.contains("\"mode\":\"sandbox\""), "{health}");
    assert!(
        health.contains("\"clock\":\"2026-03-01T16:00:00Z\""),
        "the clock starts at --sandbox-start: {health}"
    );

    let moved = post(
        &address,
        "/v1/sandbox/clock/advance",
        &operator,
        r#"{"by":"P2D"}"#,
    );
    assert!(moved.starts_with("HTTP/1.1 200"), "{moved}");
    assert!(moved.contains("\"deadlines_fired\":{}"), "{moved}");

    server.stop();
}
