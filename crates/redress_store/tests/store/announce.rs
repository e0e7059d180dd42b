//! Deadline notices (`ticket.deadline_approaching`): announcing a window takes each of its
//! deadlines once, in batches that start where the last stopped (deadlines due at one instant
//! included), and does nothing while nothing takes the announcements.

use crate::support::each_backend;
use redress_store::webhooks::{SubscriptionRecord, WebhookStore};

const NOW: i64 = 1_800_000_000_000_000;
const HORIZON: i64 = NOW + 12 * 3_600_000_000;
const NOTICES: &str = "SELECT COUNT(*) FROM deadline_notices";
const MESSAGES: &str =
    "SELECT COUNT(*) FROM outbox WHERE event_type = 'ticket.deadline_approaching'";

/// Deadline rows as the projection writes them: `(merchant, ticket, due_us)`.
fn deadlines(rows: &[(String, String, i64)]) -> String {
    let values: Vec<String> = rows
        .iter()
        .map(|(m, t, due)| format!("('{m}', '{t}', 'O-{t}', 'merchant_response', {due})"))
        .collect();
    format!(
        "INSERT INTO deadlines (merchant_id, ticket_id, order_id, kind, due_us) VALUES {};",
        values.join(", ")
    )
}

fn subscription(id: &str, types: &[&str], enabled: bool) -> SubscriptionRecord {
    SubscriptionRecord {
        subscription_id: id.to_owned(),
        merchant_id: None,
        url: "http://127.0.0.1:9/".to_owned(),
        secret: "whsec_dGVzdA==".to_owned(),
        event_types: types.iter().map(|t| (*t).to_owned()).collect(),
        enabled,
        created_us: 0,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_window_is_announced_once_each_whatever_the_batch_size() {
    each_backend(|backend| async move {
        let store = &backend.store;
        store
            .insert_subscription(subscription("S-1", &["ticket.*"], true))
            .await
            .expect("subscribes");
        // 250 deadlines due at one instant over three merchants (the batches' cursor must
        // move within one due time), one at each edge of the window and one outside each.
        let mut rows: Vec<(String, String, i64)> = (0..250)
            .map(|i| {
                (
                    format!("M-{}", i % 3),
                    format!("T-{i:03}"),
                    NOW + 60_000_000,
                )
            })
            .collect();
        rows.push(("M-1".to_owned(), "T-NOW".to_owned(), NOW));
        rows.push(("M-1".to_owned(), "T-FIRST".to_owned(), NOW + 1));
        rows.push(("M-1".to_owned(), "T-LAST".to_owned(), HORIZON));
        rows.push(("M-1".to_owned(), "T-LATER".to_owned(), HORIZON + 1));
        backend.execute(&deadlines(&rows)).await;

        let announced = store
            .announce_deadlines(NOW, HORIZON, 7)
            .await
            .expect("announces");
        assert_eq!(
            announced, 252,
            "{}: the window is (now, horizon]",
            backend.name
        );
        assert_eq!(backend.count(NOTICES).await, 252);
        assert_eq!(backend.count(MESSAGES).await, 252);
        for outside in ["T-NOW", "T-LATER"] {
            let sql =
                format!("SELECT COUNT(*) FROM deadline_notices WHERE ticket_id = '{outside}'");
            assert_eq!(
                backend.count(&sql).await,
                0,
                "{outside} is outside the window"
            );
        }
        // Again: nothing new. A deadline added inside the window, before the others in key
        // order, is the only one announced next.
        assert_eq!(
            store
                .announce_deadlines(NOW, HORIZON, 7)
                .await
                .expect("announces"),
            0
        );
        backend
            .execute(&deadlines(&[(
                "M-0".to_owned(),
                "T-000a".to_owned(),
                NOW + 60_000_000,
            )]))
            .await;
        assert_eq!(
            store
                .announce_deadlines(NOW, HORIZON, 7)
                .await
                .expect("announces"),
            1
        );
        assert_eq!(backend.count(MESSAGES).await, 253, "{}", backend.name);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_is_announced_while_nothing_takes_the_announcements() {
    each_backend(|backend| async move {
        let store = &backend.store;
        let rows: Vec<(String, String, i64)> = (0..3)
            .map(|i| ("M-1".to_owned(), format!("T-{i}"), NOW + 1_000))
            .collect();
        backend.execute(&deadlines(&rows)).await;
        let announce = || store.announce_deadlines(NOW, HORIZON, 100);
        assert_eq!(announce().await.expect("runs"), 0, "no subscription");
        store
            .insert_subscription(subscription("S-1", &["ticket.opened"], true))
            .await
            .expect("subscribes");
        store
            .insert_subscription(subscription("S-2", &["*"], false))
            .await
            .expect("subscribes");
        assert_eq!(
            announce().await.expect("runs"),
            0,
            "{}: another type, or a disabled subscription",
            backend.name
        );
        assert_eq!(backend.count(NOTICES).await, 0);
        store
            .insert_subscription(subscription("S-3", &["ticket.deadline_approaching"], true))
            .await
            .expect("subscribes");
        assert_eq!(announce().await.expect("runs"), 3, "{}", backend.name);
        assert_eq!(backend.count(MESSAGES).await, 3);
    })
    .await;
}
