//! Integration tests of the `redress` binary, one module per feature.

mod backup;
mod bench;
mod crash;
mod demo;
mod instances;
mod jetstream;
mod metrics;
mod migrate;
mod policy;
mod race;
mod scenarios;
mod serve;
mod simulate;
mod upgrade;

use redress_store::PgStore;
use redress_store::postgres::drop_schema;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// The workspace root, for example files.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

/// Run `redress` with arguments from the workspace root.
pub fn redress(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redress"))
        .args(args)
        .current_dir(workspace())
        .output()
        .expect("run redress")
}

/// Run `redress-bench` (the benchmarks and test workers) with arguments from the workspace
/// root.
pub fn redress_bench(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redress-bench"))
        .args(args)
        .current_dir(workspace())
        .output()
        .expect("run redress-bench")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A `redress serve` process and the address it listens on. Its log is read as it comes,
/// so a server that logs every request never blocks on a full pipe; one a failed test
/// leaves behind is killed when this is dropped.
#[derive(Debug)]
pub struct Served {
    process: Child,
    pub address: String,
    /// The log lines before the one with the address.
    pub startup: Vec<String>,
    log: Option<std::thread::JoinHandle<Vec<String>>>,
}

/// Start `redress serve` with `args` (which should listen on `127.0.0.1:0`) and wait until it
/// logs its address.
pub fn serve(args: &[&str]) -> Served {
    let mut process = Command::new(env!("CARGO_BIN_EXE_redress"))
        .arg("serve")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("redress serve starts");
    let mut lines = BufReader::new(process.stdout.take().expect("stdout")).lines();
    let mut startup = Vec::new();
    let address = lines
        .by_ref()
        .map(|line| line.expect("a log line"))
        .find_map(|line| {
            let address = line
                .split_whitespace()
                .find_map(|word| word.strip_prefix("address="))
                .map(str::to_owned);
            if address.is_none() {
                startup.push(line);
            }
            address
        })
        .expect("the server logs its address");
    let log = std::thread::spawn(move || lines.map_while(Result::ok).collect());
    Served {
        process,
        address,
        startup,
        log: Some(log),
    }
}

/// A new operator key in `database`, by `redress keys create`: its secret.
pub fn operator_key(database: &str) -> String {
    let created = redress(&[
        "keys",
        "create",
        "--role",
        "operator",
        "--database",
        database,
    ]);
    assert!(created.status.success(), "{}", text(&created.stderr));
    text(&created.stdout).trim().to_owned()
}

/// The instant the small model's first day starts: 2026-03-02, midnight in Shanghai.
pub const SMALL_MODEL_START: &str = "2026-03-02T00:00:00+08:00";

/// `redress serve --sandbox` on `database`, its clock starting at `start`.
pub fn serve_sandbox(database: &str, start: &str) -> Served {
    serve(&[
        "--sandbox",
        "--sandbox-start",
        start,
        "--listen",
        "127.0.0.1:0",
        "--database",
        database,
    ])
}

impl Served {
    /// SIGTERM, as an orchestrator stops it; the log lines after the start, once it exited
    /// successfully.
    pub fn stop(mut self) -> Vec<String> {
        let signalled = Command::new("kill")
            .args(["-TERM", &self.process.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(signalled.success());
        let status = self.process.wait().expect("the server exits");
        let log = self
            .log
            .take()
            .map(|log| log.join().expect("the log reader"))
            .unwrap_or_default();
        assert!(status.success(), "{status:?}: {log:?}");
        log
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Ok(None) = self.process.try_wait() {
            let _ = self.process.kill();
            let _ = self.process.wait();
        }
    }
}

/// Every scenario file of the library, sorted.
pub fn example_scenarios() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(workspace().join("examples/scenarios"))
        .expect("examples/scenarios")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .map(|path| path.to_string_lossy().into_owned())
        .collect();
    files.sort();
    files
}

// The PostgreSQL skip line (required when `CI` is set) and the schema URL are the shared
// test kit's.
pub use redress_testkit::{POSTGRES_VARIABLE, postgres_url, schema_url};

/// Run `test` with a URL whose connections use a new schema `<prefix>_<process id>` on the
/// test server; the schema is dropped afterwards, also when the test panics.
pub fn in_new_schema(url: &str, prefix: &str, test: impl FnOnce(&str)) {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let schema = format!("{prefix}_{}", std::process::id());
    let store = runtime
        .block_on(PgStore::connect_in_schema(url, &schema))
        .unwrap_or_else(|e| panic!("{POSTGRES_VARIABLE}={url} is set but unusable: {e}"));
    let target = schema_url(url, &schema);
    // Unwind safety: after a panic only the schema is dropped, through a fresh statement.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| test(&target)));
    runtime
        .block_on(drop_schema(store.pool(), &schema))
        .expect("the schema drops");
    runtime.block_on(store.close());
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// Schemas on the test server whose names start with `prefix`.
pub fn schemas_named_like(url: &str, prefix: &str) -> Vec<String> {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let pool = sqlx::PgPool::connect(url)
            .await
            .expect("the server answers");
        let names: Vec<String> = sqlx::query_scalar(
            "SELECT nspname::text FROM pg_namespace WHERE starts_with(nspname, $1)",
        )
        .bind(prefix)
        .fetch_all(&pool)
        .await
        .expect("the catalogue reads");
        pool.close().await;
        names
    })
}

/// Run every scenario file, keeping each database; returns the folder (removed on drop) and
/// the databases' paths, in the files' order.
pub fn scenario_databases() -> (tempfile::TempDir, Vec<String>) {
    let kept = tempfile::tempdir().expect("a temporary directory");
    let scenarios = example_scenarios();
    let keep = kept.path().display().to_string();
    let mut args = vec!["scenario", "run", "--keep", keep.as_str()];
    args.extend(scenarios.iter().map(String::as_str));
    let ran = redress(&args);
    assert!(ran.status.success(), "{}", text(&ran.stdout));
    let mut databases: Vec<String> = std::fs::read_dir(kept.path())
        .expect("the kept databases")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "db"))
        .map(|path| path.display().to_string())
        .collect();
    databases.sort();
    assert_eq!(
        databases.len(),
        scenarios.len(),
        "one database per scenario"
    );
    (kept, databases)
}
