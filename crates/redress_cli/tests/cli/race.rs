//! Two instances racing on one ticket (issue 3): two `redress` processes, each with its own
//! engine on one database, have loaded the same ticket; released together, one approves it
//! and the other cancels it, both naming the version they loaded. One wins; the other is
//! refused with `version_conflict`, and the log holds the winner's action only. On PostgreSQL
//! (a new schema) and on SQLite (two processes on one file).

use crate::{in_new_schema, postgres_url, redress_bench, text};
use redress_store::AnyStore;
use std::io::{BufRead, BufReader, Lines, Read, Write};
use std::process::{Child, ChildStdout, Command, Stdio};

/// The seeded lifecycle whose ticket the workers race on (`seed-deadlines` numbers from 0).
const LIFECYCLE: &str = "0";
const STREAM: &str = "order:o0";

#[test]
fn two_instances_racing_on_one_ticket_on_postgres_one_wins() {
    let Some(url) = postgres_url() else {
        return;
    };
    in_new_schema(&url, "redress_race", race);
}

#[test]
fn two_instances_racing_on_one_ticket_on_sqlite_one_wins() {
    let directory = tempfile::tempdir().expect("a temporary directory");
    let database = directory.path().join("race.db");
    race(database.to_str().expect("a UTF-8 path"));
}

/// A worker process and the lines it prints.
struct Worker {
    action: &'static str,
    child: Child,
    lines: Lines<BufReader<ChildStdout>>,
}

impl Worker {
    fn start(database: &str, action: &'static str) -> Worker {
        let mut child = Command::new(env!("CARGO_BIN_EXE_redress-bench"))
            .args(["race-worker", "--database", database])
            .args(["--lifecycle", LIFECYCLE, "--action", action])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("a worker starts");
        let stdout = child.stdout.take().expect("piped stdout");
        Worker {
            action,
            child,
            lines: BufReader::new(stdout).lines(),
        }
    }

    /// The next line the worker prints; if it ends instead, fail with what it said.
    fn line(&mut self) -> String {
        match self.lines.next() {
            Some(Ok(line)) => line,
            _ => {
                drop(self.child.stdin.take());
                let mut stderr = String::new();
                if let Some(mut pipe) = self.child.stderr.take() {
                    let _ = pipe.read_to_string(&mut stderr);
                }
                let _ = self.child.wait();
                panic!("the {} worker ended early: {stderr}", self.action);
            }
        }
    }

    fn tell(&mut self, line: &str) {
        let stdin = self.child.stdin.as_mut().expect("piped stdin");
        writeln!(stdin, "{line}").expect("the worker reads");
        stdin.flush().expect("the worker reads");
    }
}

/// The kinds of the events on the raced order's stream, in log order.
fn kinds(database: &str) -> Vec<String> {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let events = match AnyStore::open(database).await.expect("the store opens") {
            AnyStore::Sqlite(store) => store.events_after(0, 1_000).await,
            AnyStore::Postgres(store) => {
                let events = store.events_after(0, 1_000).await;
                store.close().await;
                events
            }
        };
        events
            .expect("the log reads")
            .into_iter()
            .filter(|e| e.stream == STREAM)
            .map(|e| e.kind)
            .collect()
    })
}

fn race(database: &str) {
    let seeded = redress_bench(&["seed-deadlines", "--database", database, "--count", "1"]);
    assert!(seeded.status.success(), "{}", text(&seeded.stderr));
    let before = kinds(database);

    let mut workers = [
        Worker::start(database, "approve"),
        Worker::start(database, "cancel"),
    ];
    // The barrier: each worker has opened its engine and loaded the ticket before either is
    // released.
    let loaded: Vec<String> = workers.iter_mut().map(Worker::line).collect();
    let version = loaded[0]
        .strip_prefix("ready ")
        .unwrap_or_else(|| panic!("expected `ready <version>`, got {:?}", loaded[0]));
    assert_eq!(loaded[1], loaded[0], "both workers loaded the same version");
    for worker in &mut workers {
        worker.tell(&format!("go {version}"));
    }
    let answers: Vec<(&str, String)> = workers
        .iter_mut()
        .map(|worker| (worker.action, worker.line()))
        .collect();
    for worker in workers {
        let output = worker.child.wait_with_output().expect("the worker ends");
        assert!(output.status.success(), "{}", text(&output.stderr));
    }

    let winners: Vec<_> = answers
        .iter()
        .filter_map(|(action, answer)| Some((*action, answer.strip_prefix("ok ")?)))
        .collect();
    let losers: Vec<_> = answers
        .iter()
        .filter(|(_, answer)| answer == "err version_conflict")
        .collect();
    assert!(
        winners.len() == 1 && losers.len() == 1,
        "one winner and one version_conflict: {answers:?}"
    );
    let (winner, recorded) = winners[0];
    let after = kinds(database);
    assert_eq!(
        after[..before.len()],
        before[..],
        "the seeded events stay as they were"
    );
    let appended = after[before.len()..].join(",");
    assert_eq!(
        appended, recorded,
        "the log holds the {winner} worker's events only"
    );
    let one_action = ["approved", "cancelled"]
        .iter()
        .filter(|kind| after.iter().any(|k| k == *kind))
        .count();
    assert_eq!(one_action, 1, "exactly one of the two actions: {after:?}");
}
