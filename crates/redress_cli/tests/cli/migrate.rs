//! `redress migrate-store`: every database the scenario files leave behind moves to
//! PostgreSQL and replays there to the same projections. Needs `REDRESS_TEST_POSTGRES`; without
//! it the test says once that it was skipped, and with it set the server must be reachable.

use crate::{POSTGRES_VARIABLE, postgres_url, redress, text, workspace};
use redress_store::PgStore;
use redress_store::postgres::drop_schema;

#[test]
fn migrate_store_moves_every_scenario_database_to_postgres_and_replay_agrees() {
    let Some(url) = postgres_url() else {
        return;
    };
    let kept = tempfile::tempdir().expect("a temporary directory");
    let mut scenarios: Vec<String> = std::fs::read_dir(workspace().join("examples/scenarios"))
        .expect("the scenario library")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .map(|path| path.display().to_string())
        .collect();
    scenarios.sort();
    let keep = kept.path().display().to_string();
    let mut args = vec!["scenario", "run", "--keep", keep.as_str()];
    args.extend(scenarios.iter().map(String::as_str));
    let ran = redress(&args);
    assert!(ran.status.success(), "{}", text(&ran.stdout));

    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let mut databases: Vec<_> = std::fs::read_dir(kept.path())
        .expect("the kept databases")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "db"))
        .collect();
    databases.sort();
    assert_eq!(
        databases.len(),
        scenarios.len(),
        "one database per scenario"
    );
    let separator = if url.contains('?') { '&' } else { '?' };
    for (n, database) in databases.iter().enumerate() {
        let schema = format!("redress_migrate_{}_{n}", std::process::id());
        let target = runtime
            .block_on(PgStore::connect_in_schema(&url, &schema))
            .unwrap_or_else(|e| panic!("{POSTGRES_VARIABLE}={url} is set but unusable: {e}"));
        let target_url = format!("{url}{separator}options=-csearch_path%3D{schema}");
        let from = format!("sqlite://{}", database.display());
        let migrated = redress(&["migrate-store", "--from", &from, "--to", &target_url]);
        let replayed = redress(&["replay", "--database", &target_url]);
        runtime
            .block_on(drop_schema(target.pool(), &schema))
            .expect("the schema drops");
        runtime.block_on(target.close());
        let out = text(&migrated.stdout);
        assert!(
            migrated.status.success(),
            "{}: {out}{}",
            database.display(),
            text(&migrated.stderr)
        );
        assert!(out.contains(" 0 rows differ"), "{out}");
        assert!(
            text(&replayed.stdout).contains("every projection equals the live one"),
            "{}",
            text(&replayed.stdout)
        );
    }
}
