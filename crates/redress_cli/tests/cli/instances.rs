//! Several instances on one PostgreSQL (issue 3): three `redress` processes fire 10,000
//! deadlines that fall due at once; one is killed in the middle, holding claims. Every
//! deadline must fire exactly once, the dead instance's share once its leases run out.

use crate::{postgres_url, redress_bench, text};
use redress_store::postgres::drop_schema;
use redress_store::{PgStore, Store};
use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const DEADLINES: usize = 10_000;
const INSTANCES: usize = 3;
/// Leases are 30 s; everything, the dead instance's share included, must fire well within
/// this.
const ALL_FIRED_WITHIN: Duration = Duration::from_secs(120);

fn worker(url: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_redress-bench"))
        .args(["deadline-worker", "--database", url, "--days-later", "3"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("a worker starts")
}

#[test]
fn three_instances_fire_every_deadline_once_though_one_is_killed() {
    let Some(url) = postgres_url() else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let schema = format!("redress_instances_{}", std::process::id());
    let store = runtime
        .block_on(PgStore::connect_in_schema(&url, &schema))
        .unwrap_or_else(|e| panic!("REDRESS_TEST_POSTGRES={url} is set but unusable: {e}"));
    let separator = if url.contains('?') { '&' } else { '?' };
    let target = format!("{url}{separator}options=-csearch_path%3D{schema}");
    // Unwind safety: after a panic only the schema is dropped, through a fresh statement.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        run(&runtime, &store, &target)
    }));
    runtime
        .block_on(drop_schema(store.pool(), &schema))
        .expect("the schema drops");
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

fn run(runtime: &tokio::runtime::Runtime, store: &PgStore, url: &str) {
    let count = DEADLINES.to_string();
    let seeded = redress_bench(&["seed-deadlines", "--database", url, "--count", &count]);
    assert!(seeded.status.success(), "{}", text(&seeded.stderr));
    let far_future = "2030-01-01T00:00:00Z".parse().expect("valid time");
    let remaining = || {
        runtime
            .block_on(store.due_deadlines(far_future, DEADLINES * 2))
            .expect("reads")
            .len()
    };
    assert_eq!(remaining(), DEADLINES);

    let began = Instant::now();
    let mut workers: Vec<Child> = (0..INSTANCES).map(|_| worker(url)).collect();
    let mut killed = false;
    loop {
        let left = remaining();
        if !killed && left < DEADLINES * 9 / 10 {
            // In the middle of its work: it holds claims it will never fire.
            workers[0].kill().expect("the worker is killed");
            killed = true;
        }
        if left == 0 {
            break;
        }
        assert!(
            began.elapsed() < ALL_FIRED_WITHIN,
            "{left} deadlines still due after {ALL_FIRED_WITHIN:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let took = began.elapsed();
    for mut worker in workers {
        drop(worker.stdin.take());
        let _ = worker.wait();
    }
    assert!(
        killed,
        "the deadlines fired before an instance could be killed"
    );

    let mut approvals: HashMap<String, usize> = HashMap::new();
    let mut position = 0;
    loop {
        let page = runtime
            .block_on(store.events_after(position, 10_000))
            .expect("reads");
        let Some(last) = page.last() else {
            break;
        };
        position = last.position;
        for event in page.into_iter().filter(|e| e.kind == "approved") {
            *approvals.entry(event.stream).or_default() += 1;
        }
    }
    let twice: Vec<_> = approvals.iter().filter(|(_, n)| **n != 1).collect();
    assert!(twice.is_empty(), "fired more than once: {twice:?}");
    assert_eq!(approvals.len(), DEADLINES, "every deadline fired");
    eprintln!("{DEADLINES} deadlines fired once each by {INSTANCES} instances in {took:?}");
}
