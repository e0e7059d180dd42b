//! `redress serve --nats`: every announcement reaches a JetStream stream exactly once by id,
//! though redress is killed (SIGKILL) while publishing, and though NATS goes away while
//! redress publishes. Against the NATS server named by `REDRESS_TEST_NATS` (the machine's,
//! `nats://127.0.0.1:4222`, in CI); skipped without it.
//!
//! One outage is a TCP proxy this test controls between redress and NATS, which drops every
//! connection and refuses new ones until restored: to redress that is NATS going down and
//! coming back, without stopping the machine's server under other tests. The other is a real
//! restart: a `nats-server` of the test's own (JetStream on a scratch store directory and a
//! free port), stopped while redress publishes and started again on the same port and store.
//! That test needs the `nats-server` binary (on `PATH`, or named by
//! `REDRESS_TEST_NATS_SERVER`): required in CI (`CI` set), skipped with one line elsewhere.

use super::{Served, redress, serve, text};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn nats_url() -> Option<String> {
    match std::env::var("REDRESS_TEST_NATS") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            eprintln!(
                "skipped: set REDRESS_TEST_NATS=nats://127.0.0.1:4222 to run the JetStream tests"
            );
            None
        }
    }
}

/// A stream and subject prefix of this test run alone, so that tests never share messages.
fn unique(name: &str) -> (String, String) {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_nanos();
    let tag = format!("{}x{}x{nanos}", std::process::id(), name);
    (format!("T_{tag}"), format!("t{tag}"))
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

/// The `Nats-Msg-Id` of every message in the stream, with how often each occurs; `None`
/// while the stream does not exist yet.
fn stream_ids(url: &str, stream: &str) -> Option<BTreeMap<String, usize>> {
    runtime().block_on(async {
        let client = async_nats::connect(url).await.expect("NATS answers");
        let js = async_nats::jetstream::new(client);
        let mut stream = js.get_stream(stream).await.ok()?;
        let state = stream.info().await.expect("stream info").state.clone();
        let mut ids = BTreeMap::new();
        if state.messages == 0 {
            return Some(ids);
        }
        for seq in state.first_sequence..=state.last_sequence {
            let message = stream.get_raw_message(seq).await.expect("a stored message");
            let id = message
                .headers
                .get("Nats-Msg-Id")
                .expect("every message has an id")
                .to_string();
            *ids.entry(id).or_insert(0) += 1;
        }
        Some(ids)
    })
}

fn delete_stream(url: &str, stream: &str) {
    runtime().block_on(async {
        let client = async_nats::connect(url).await.expect("NATS answers");
        let _ = async_nats::jetstream::new(client)
            .delete_stream(stream)
            .await;
    });
}

/// Ids of every outbox message committed, and how many still wait for JetStream.
fn outbox(database: &str) -> (BTreeSet<String>, i64) {
    let conn =
        rusqlite::Connection::open_with_flags(database, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("the database opens");
    let ids = conn
        .prepare("SELECT message_id FROM outbox")
        .expect("a query")
        .query_map([], |r| r.get::<_, String>(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("ids");
    let queued = conn
        .query_row("SELECT COUNT(*) FROM jetstream_outbox", [], |r| r.get(0))
        .expect("a count");
    (ids, queued)
}

pub(crate) fn integration_key(database: &str) -> String {
    let created = redress(&[
        "keys",
        "create",
        "--role",
        "integration",
        "--database",
        database,
    ]);
    assert!(created.status.success(), "{}", text(&created.stderr));
    text(&created.stdout).trim().to_owned()
}

/// POST one order; whether it was accepted (false once the server is gone).
pub(crate) fn place_order(address: &str, key: &str, id: &str) -> bool {
    let body = format!(
        r#"{{"id":"{id}","merchant_id":"M-1","buyer_id":"B-1","items":[{{"id":"I-1","product_id":"P-1","category":"apparel","quantity":1,"amount":{{"amount":20000,"currency":"CNY"}}}}],"paid":{{"amount":20000,"currency":"CNY"}},"paid_at":"2026-03-01T02:00:00Z"}}"#
    );
    let Ok(mut stream) = TcpStream::connect(address) else {
        return false;
    };
    let sent = write!(
        stream,
        "POST /v1/orders HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {key}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut answer = String::new();
    sent.is_ok() && stream.read_to_string(&mut answer).is_ok() && answer.starts_with("HTTP/1.1 201")
}

/// Places orders `prefix-0`, `prefix-1`, … on its own thread until stopped or refused.
struct Writer {
    stop: Arc<AtomicBool>,
    placed: Arc<AtomicUsize>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Writer {
    fn start(address: &str, key: &str, prefix: &str) -> Writer {
        let (stop, placed) = (
            Arc::new(AtomicBool::new(false)),
            Arc::new(AtomicUsize::new(0)),
        );
        let (address, key, prefix) = (address.to_owned(), key.to_owned(), prefix.to_owned());
        let thread = {
            let (stop, placed) = (stop.clone(), placed.clone());
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::SeqCst)
                    && place_order(&address, &key, &format!("{prefix}-{n}"))
                {
                    placed.fetch_add(1, Ordering::SeqCst);
                    n += 1;
                }
            })
        };
        Writer {
            stop,
            placed,
            thread: Some(thread),
        }
    }

    /// Stop and wait; how many orders were accepted.
    fn finish(mut self) -> usize {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            thread.join().expect("the writer");
        }
        self.placed.load(Ordering::SeqCst)
    }
}

/// Wait, up to a minute, until `done` holds; fail with `what` otherwise.
fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn serve_nats(database: &str, nats: &str, stream: &str, prefix: &str) -> Served {
    serve(&[
        "--listen",
        "127.0.0.1:0",
        "--database",
        database,
        "--nats",
        nats,
        "--nats-stream",
        stream,
        "--nats-subject-prefix",
        prefix,
    ])
}

/// Every committed message is in the stream, once.
fn assert_exactly_once(url: &str, stream: &str, database: &str) {
    let (committed, _) = outbox(database);
    wait_until("every committed message is in the stream", || {
        stream_ids(url, stream).is_some_and(|ids| ids.len() >= committed.len())
            && outbox(database).1 == 0
    });
    let ids = stream_ids(url, stream).expect("the stream exists");
    let twice: Vec<_> = ids.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "stored more than once: {twice:?}");
    let stored: BTreeSet<String> = ids.into_keys().collect();
    assert_eq!(
        stored, committed,
        "the stream holds exactly what was committed"
    );
}

#[test]
fn killed_while_publishing_redress_publishes_every_event_once_after_restart() {
    let Some(url) = nats_url() else { return };
    let (stream, prefix) = unique("kill");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let database = dir.path().join("js.db");
    let database = database.to_str().expect("a UTF-8 path").to_owned();
    let key = integration_key(&database);

    let mut server = serve_nats(&database, &url, &stream, &prefix);
    let writer = Writer::start(&server.address, &key, "O");
    wait_until("publishing is under way", || {
        stream_ids(&url, &stream).is_some_and(|ids| ids.len() >= 50)
    });
    // SIGKILL while orders are still being committed and published.
    server.process.kill().expect("SIGKILL");
    server.process.wait().expect("the server is gone");
    let placed = writer.finish();
    let at_kill = stream_ids(&url, &stream).expect("the stream exists").len();
    let (committed, queued) = outbox(&database);
    assert!(placed >= 50, "{placed}");
    eprintln!(
        "killed with {at_kill} of {} messages in the stream, {queued} queued",
        committed.len()
    );

    let restarted = serve_nats(&database, &url, &stream, &prefix);
    assert_exactly_once(&url, &stream, &database);
    // More after the restart: the new process publishes what the old one had queued, and
    // what the orders placed now announce.
    assert!(place_order(&restarted.address, &key, "after-restart"));
    assert_exactly_once(&url, &stream, &database);
    restarted.stop();
    delete_stream(&url, &stream);
}

/// A TCP proxy to NATS that the test can take down (every connection dropped, new ones
/// refused) and bring back.
struct Proxy {
    address: String,
    up: Arc<AtomicBool>,
    live: Arc<Mutex<Vec<TcpStream>>>,
}

impl Proxy {
    fn start(upstream: &str) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let address = listener.local_addr().expect("bound").to_string();
        let (up, live) = (
            Arc::new(AtomicBool::new(true)),
            Arc::new(Mutex::new(Vec::new())),
        );
        let upstream = upstream.to_owned();
        {
            let (up, live) = (up.clone(), live.clone());
            std::thread::spawn(move || {
                for client in listener.incoming() {
                    let Ok(client) = client else { continue };
                    if !up.load(Ordering::SeqCst) {
                        let _ = client.shutdown(Shutdown::Both);
                        continue;
                    }
                    let Ok(server) = TcpStream::connect(&upstream) else {
                        continue;
                    };
                    let mut kept = live.lock().expect("not poisoned");
                    for stream in [&client, &server] {
                        kept.push(stream.try_clone().expect("a handle"));
                    }
                    pipe(
                        client.try_clone().expect("a handle"),
                        server.try_clone().expect("a handle"),
                    );
                    pipe(server, client);
                }
            });
        }
        Proxy { address, up, live }
    }

    fn down(&self) {
        self.up.store(false, Ordering::SeqCst);
        for stream in self.live.lock().expect("not poisoned").drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

fn pipe(mut from: TcpStream, mut to: TcpStream) {
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut from, &mut to);
        let _ = to.shutdown(Shutdown::Both);
    });
}

#[test]
fn an_outage_of_nats_while_publishing_loses_nothing_and_duplicates_nothing() {
    let Some(url) = nats_url() else { return };
    let upstream = url
        .strip_prefix("nats://")
        .expect("a nats:// URL")
        .to_owned();
    let (stream, prefix) = unique("outage");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let database = dir.path().join("js.db");
    let database = database.to_str().expect("a UTF-8 path").to_owned();
    let key = integration_key(&database);
    let proxy = Proxy::start(&upstream);

    let server = serve_nats(
        &database,
        &format!("nats://{}", proxy.address),
        &stream,
        &prefix,
    );
    let writer = Writer::start(&server.address, &key, "O");
    wait_until("publishing is under way", || {
        stream_ids(&url, &stream).is_some_and(|ids| ids.len() >= 50)
    });
    proxy.down();
    // NATS is gone: commits go on, their messages queue.
    let before = stream_ids(&url, &stream).expect("the stream exists").len();
    let placed_at_outage = writer.placed.load(Ordering::SeqCst);
    wait_until("orders are committed during the outage", || {
        writer.placed.load(Ordering::SeqCst) >= placed_at_outage + 50
    });
    let (_, queued) = outbox(&database);
    assert!(queued > 0, "messages wait while NATS is away");
    let during = stream_ids(&url, &stream).expect("the stream exists").len();
    assert!(
        during <= before + 256,
        "at most one batch in flight got through as the connections dropped ({before} → {during})"
    );
    proxy.restore();
    let placed = writer.finish();
    assert!(placed >= placed_at_outage + 50);
    assert_exactly_once(&url, &stream, &database);
    server.stop();
    delete_stream(&url, &stream);
}

/// The `nats-server` binary: `REDRESS_TEST_NATS_SERVER`, or `nats-server` on `PATH`. Missing,
/// it fails the test in CI and skips it elsewhere.
fn nats_server_binary() -> Option<PathBuf> {
    let found = match std::env::var_os("REDRESS_TEST_NATS_SERVER") {
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ => std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join("nats-server"))
                .find(|candidate| candidate.is_file())
        }),
    };
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs nats-server on PATH (or REDRESS_TEST_NATS_SERVER) for the NATS restart test"
        );
        eprintln!(
            "skipped: install nats-server (or set REDRESS_TEST_NATS_SERVER) to run the NATS restart test"
        );
    }
    found
}

/// A `nats-server` with JetStream that this test starts, stops and starts again, always on
/// the same port and store directory. Stopped when dropped.
struct OwnNats {
    binary: PathBuf,
    port: u16,
    store: PathBuf,
    process: Option<Child>,
}

impl OwnNats {
    fn start(binary: &Path, store: &Path) -> OwnNats {
        // A free port: bind port 0, read what the kernel chose, release it.
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut nats = OwnNats {
            binary: binary.to_owned(),
            port,
            store: store.to_owned(),
            process: None,
        };
        nats.up();
        nats
    }

    fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    fn up(&mut self) {
        assert!(self.process.is_none(), "already running");
        let mut process = Command::new(&self.binary)
            .args([
                "-js",
                "-a",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-sd",
            ])
            .arg(&self.store)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("nats-server starts");
        // It logs "Server is ready" once JetStream has recovered its streams and the port
        // listens; the rest of its log is drained so that it never blocks on a full pipe.
        let mut lines = BufReader::new(process.stderr.take().expect("stderr")).lines();
        let ready = lines
            .by_ref()
            .map_while(Result::ok)
            .any(|line| line.contains("Server is ready"));
        assert!(ready, "nats-server exited before it was ready");
        std::thread::spawn(move || lines.for_each(drop));
        self.process = Some(process);
    }

    /// Stop it the way an operator restarting NATS does (SIGTERM), and wait until it is gone.
    /// Not SIGKILL: JetStream acknowledges a message before its file store has written it, so
    /// a killed server may lose acknowledged messages, which no publisher can make up for.
    fn down(&mut self) {
        let mut process = self.process.take().expect("running");
        let stopped = Command::new("kill")
            .args(["-TERM", &process.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(stopped.success(), "SIGTERM reached nats-server");
        process.wait().expect("nats-server exits");
    }
}

impl Drop for OwnNats {
    fn drop(&mut self) {
        if let Some(mut process) = self.process.take() {
            let _ = process.kill();
            let _ = process.wait();
        }
    }
}

#[test]
fn a_restart_of_a_real_nats_server_while_publishing_loses_nothing_and_duplicates_nothing() {
    let Some(binary) = nats_server_binary() else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = dir.path().join("jetstream");
    let mut nats = OwnNats::start(&binary, &store);
    let url = nats.url();
    let (stream, prefix) = unique("restart");
    let database = dir.path().join("js.db");
    let database = database.to_str().expect("a UTF-8 path").to_owned();
    let key = integration_key(&database);

    let server = serve_nats(&database, &url, &stream, &prefix);
    let writer = Writer::start(&server.address, &key, "O");
    wait_until("publishing is under way", || {
        stream_ids(&url, &stream).is_some_and(|ids| ids.len() >= 50)
    });
    nats.down();
    // NATS is gone: commits go on, their messages queue.
    let placed_at_outage = writer.placed.load(Ordering::SeqCst);
    wait_until("orders are committed while NATS is down", || {
        writer.placed.load(Ordering::SeqCst) >= placed_at_outage + 50
    });
    let (_, queued) = outbox(&database);
    assert!(queued > 0, "messages wait while NATS is down");
    // Same port, same store: the stream and its de-duplication window survive the restart.
    nats.up();
    let placed = writer.finish();
    assert!(placed >= placed_at_outage + 50);
    assert_exactly_once(&url, &stream, &database);
    // And it keeps publishing on the connection it made again.
    assert!(place_order(&server.address, &key, "after-restart"));
    assert_exactly_once(&url, &stream, &database);
    server.stop();
}
