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

#[test]
fn a_database_password_never_appears_in_the_startup_error() {
    // Nothing listens on port 1: the start fails, and says which database it could not open.
    let failed = redress(&[
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--database",
        "postgres://user:secret@127.0.0.1:1/x",
    ]);
    let stderr = text(&failed.stderr);
    let stdout = text(&failed.stdout);
    assert_eq!(failed.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("postgres://user:***@127.0.0.1:1/x"),
        "the database is named: {stderr}"
    );
    assert!(
        !stderr.contains("secret") && !stdout.contains("secret"),
        "{stderr}{stdout}"
    );
}

/// `redress serve` started under a shell that first lowers the soft open-file limit to the
/// common 1,024, as many systems start services.
#[cfg(unix)]
fn serve_with_1024_open_files(args: &[&str]) -> super::Served {
    use std::io::BufRead;
    let mut process = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -S -n 1024 && exec \"$0\" serve \"$@\"")
        .arg(env!("CARGO_BIN_EXE_redress"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .expect("redress serve starts");
    let mut lines = std::io::BufReader::new(process.stdout.take().expect("stdout")).lines();
    let address = lines
        .by_ref()
        .map(|line| line.expect("a log line"))
        .find_map(|line| {
            line.split_whitespace()
                .find_map(|word| word.strip_prefix("address="))
                .map(str::to_owned)
        })
        .expect("the server logs its address");
    let log = std::thread::spawn(move || lines.map_while(Result::ok).collect());
    super::Served {
        process,
        address,
        startup: Vec::new(),
        log: Some(log),
    }
}

#[cfg(unix)]
#[test]
fn healthz_answers_with_two_thousand_idle_connections_open() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let database = dir.path().join("api.db");
    let server = serve_with_1024_open_files(&[
        "--listen",
        "127.0.0.1:0",
        "--database",
        database.to_str().expect("a UTF-8 path"),
    ]);
    // This process holds the client ends: its own limit must allow them.
    let open_files = redress_http::net::raise_open_file_limit().unwrap_or(1024);
    let idle_count = usize::try_from(open_files.saturating_sub(256))
        .unwrap_or(usize::MAX)
        .min(2000);
    let idle: Vec<TcpStream> = (0..idle_count)
        .map(|_| TcpStream::connect(&server.address).expect("the server accepts"))
        .collect();

    let mut stream = TcpStream::connect(&server.address).expect("the server accepts");
    // Generous: a test that waits this long fails instead of hanging.
    let bound = Some(std::time::Duration::from_secs(30));
    stream.set_read_timeout(bound).expect("a timeout");
    stream.set_write_timeout(bound).expect("a timeout");
    write!(
        stream,
        "GET /healthz HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.address
    )
    .expect("the request is sent");
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .expect("/healthz answers while the idle connections are open");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert_eq!(idle.len(), idle_count);
    drop(idle);
    server.stop();
}

/// `--log-format json` (for log collectors) writes one JSON object per line: the start line
/// carries the level, the message and the address as fields. `serve --help` names it. At
/// debug level the spans show: the store's `commit` (rows, duration) for the policy file put
/// at start; for an order placed over the API, the writer's `command` (kind, stream) and its
/// `batch` (size) around the store's `commit`.
#[test]
fn serve_logs_json_lines_with_log_format_json() {
    let help = redress(&["serve", "--help"]);
    assert!(help.status.success(), "{}", text(&help.stderr));
    let help = text(&help.stdout);
    assert!(
        help.contains("--log-format") && help.contains("json"),
        "{help}"
    );

    let dir = tempfile::tempdir().expect("a temporary directory");
    let database = dir.path().join("json.db");
    let policy = dir.path().join("policy.toml");
    std::fs::write(&policy, "[deadlines]\nmerchant_response_hours = 24\n").expect("written");
    let key = super::jetstream::integration_key(database.to_str().expect("a UTF-8 path"));
    let mut process = std::process::Command::new(env!("CARGO_BIN_EXE_redress"))
        .args(["serve", "--log-format", "json", "--listen", "127.0.0.1:0"])
        .arg("--database")
        .arg(&database)
        .arg("--policy")
        .arg(&policy)
        .env(
            "REDRESS_LOG",
            "info,redress_store=debug,redress_engine=debug",
        )
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .expect("redress serve starts");
    let stdout = process.stdout.take().expect("stdout");
    let mut process = KilledOnDrop(process);
    let process = &mut process.0;
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stdout));
    // Every line is JSON; the start line is the one with the address.
    let mut before = Vec::new();
    let (first, start) = lines
        .by_ref()
        .map(|line| {
            let line = line.expect("a UTF-8 log line");
            let parsed: serde_json::Value = serde_json::from_str(&line)
                .unwrap_or_else(|error| panic!("not a JSON line ({error}): {line}"));
            (line, parsed)
        })
        .find(|(_, parsed)| {
            let found = parsed["fields"]["address"].is_string();
            if !found {
                before.push(parsed.clone());
            }
            found
        })
        .expect("the server logs its address");
    let committed = before
        .iter()
        .find(|line| line["fields"]["message"] == "committed")
        .unwrap_or_else(|| panic!("no commit logged at debug level: {before:?}"));
    let commit = &committed["span"];
    assert_eq!(commit["name"], "commit", "{committed}");
    assert_eq!(commit["backend"], "sqlite", "{committed}");
    assert!(
        commit["rows"].as_u64().is_some_and(|rows| rows >= 1),
        "{committed}"
    );
    assert!(commit["duration_us"].is_u64(), "{committed}");
    let spans: Vec<&str> = committed["spans"]
        .as_array()
        .unwrap_or_else(|| panic!("no span list: {committed}"))
        .iter()
        .filter_map(|span| span["name"].as_str())
        .collect();
    assert_eq!(spans.last(), Some(&"commit"), "{committed}");
    assert_eq!(start["level"], "INFO", "{first}");
    assert!(start["timestamp"].is_string(), "{first}");
    assert_eq!(
        start["fields"]["message"], "redress serving; API reference at /docs",
        "{first}"
    );
    let address = start["fields"]["address"]
        .as_str()
        .unwrap_or_else(|| panic!("no address field: {first}"));
    assert!(status_line(address, "/healthz", "").ends_with("200 OK"));
    assert!(
        super::jetstream::place_order(address, &key, "O-JSON-1"),
        "the order is placed"
    );

    let signalled = std::process::Command::new("kill")
        .args(["-TERM", &process.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(signalled.success());
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let status = process.wait().expect("the server exits");
    assert!(status.success(), "{status:?}: {rest:?}");
    let rest: Vec<serde_json::Value> = rest
        .iter()
        .map(|line| {
            serde_json::from_str(line)
                .unwrap_or_else(|error| panic!("not a JSON line ({error}): {line}"))
        })
        .collect();
    let decided = rest
        .iter()
        .find(|line| line["fields"]["message"] == "decided")
        .unwrap_or_else(|| panic!("no command logged at debug level: {rest:?}"));
    assert_eq!(decided["span"]["name"], "command", "{decided}");
    assert_eq!(decided["span"]["kind"], "place_order", "{decided}");
    assert_eq!(decided["span"]["stream"], "order:O-JSON-1", "{decided}");
    assert_eq!(decided["fields"]["outcome"], "staged", "{decided}");
    let batched = rest
        .iter()
        .find(|line| line["fields"]["message"] == "committed")
        .unwrap_or_else(|| panic!("no batch commit logged: {rest:?}"));
    let spans: Vec<&str> = batched["spans"]
        .as_array()
        .unwrap_or_else(|| panic!("no span list: {batched}"))
        .iter()
        .filter_map(|span| span["name"].as_str())
        .collect();
    assert_eq!(spans, ["batch", "commit"], "{batched}");
    assert!(
        batched["spans"][0]["size"]
            .as_u64()
            .is_some_and(|size| size >= 1),
        "{batched}"
    );
}

/// A child process a failed assertion must not leave running (it would hold the test
/// runner's output pipe open).
struct KilledOnDrop(std::process::Child);

impl Drop for KilledOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
