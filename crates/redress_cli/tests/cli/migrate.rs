//! `redress migrate-store`: every database the scenario files leave behind moves to
//! PostgreSQL and replays there to the same projections. Needs `REDRESS_TEST_POSTGRES`; without
//! it the test says once that it was skipped, and with it set the server must be reachable.

use crate::{POSTGRES_VARIABLE, postgres_url, redress, text};
use redress_store::PgStore;
use redress_store::postgres::drop_schema;

#[test]
fn migrate_store_moves_every_scenario_database_to_postgres_and_replay_agrees() {
    let Some(url) = postgres_url() else {
        return;
    };
    let (_kept, databases) = crate::scenario_databases();
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let separator = if url.contains('?') { '&' } else { '?' };
    for (n, database) in databases.iter().enumerate() {
        let schema = format!("redress_migrate_{}_{n}", std::process::id());
        let target = runtime
            .block_on(PgStore::connect_in_schema(&url, &schema))
            .unwrap_or_else(|e| panic!("{POSTGRES_VARIABLE}={url} is set but unusable: {e}"));
        let target_url = format!("{url}{separator}options=-csearch_path%3D{schema}");
        let from = format!("sqlite://{}", database);
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
            database,
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
