//! Integration tests of the `redress` binary, one module per feature.

mod bench;
mod crash;
mod demo;
mod instances;
mod metrics;
mod migrate;
mod policy;
mod race;
mod scenarios;
mod serve;
mod simulate;
mod tidy;

use redress_store::PgStore;
use redress_store::postgres::drop_schema;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
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

pub const POSTGRES_VARIABLE: &str = "REDRESS_TEST_POSTGRES";

/// The server the PostgreSQL tests of this binary use, or `None` after saying once that they
/// are skipped (past the harness's capture, so the skip is seen).
pub fn postgres_url() -> Option<String> {
    static SAID: std::sync::Once = std::sync::Once::new();
    let url = std::env::var(POSTGRES_VARIABLE)
        .ok()
        .filter(|u| !u.is_empty());
    if url.is_none() {
        SAID.call_once(|| {
            let _ = writeln!(
                std::io::stderr(),
                "PostgreSQL tests skipped: set {POSTGRES_VARIABLE}=postgres://user@host:port/db to run them"
            );
        });
    }
    url
}

/// `url` with its connections' `search_path` set to `schema`.
pub fn schema_url(url: &str, schema: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}options=-csearch_path%3D{schema}")
}

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
