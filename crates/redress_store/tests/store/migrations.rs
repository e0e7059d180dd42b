//! Migrations: applied at open, and applying them again changes nothing.

use crate::support::{at, each_backend, order_key, order_with_ticket};
use redress_store::Store;

#[tokio::test(flavor = "multi_thread")]
async fn migrations_applied_twice_are_a_no_op() {
    each_backend(|backend| async move {
        let key = order_key("M-1", "O-1");
        let state = order_with_ticket(&backend.store, &key, "T-1", at(100)).await;
        let applied = backend
            .count("SELECT COUNT(*) FROM schema_migrations")
            .await;
        assert_eq!(applied, 4, "{}", backend.name);
        let reopened = backend.reopen().await;
        assert_eq!(
            backend
                .count("SELECT COUNT(*) FROM schema_migrations")
                .await,
            4
        );
        assert_eq!(reopened.load(&key).await.expect("loads"), Some(state));
        let report = reopened.replay().await.expect("replays");
        assert!(report.differences.is_empty(), "{report:?}");
    })
    .await;
}
