//! `redress backup` and `redress restore`: a copy taken while commands are being written holds
//! every command acknowledged before it started, replays cleanly, and restores into place;
//! a restore never overwrites a store by accident or under a running process.

use crate::{redress, text};
use rusqlite::Connection;
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::Duration;

/// Commands sent and not yet answered, at most.
const IN_FLIGHT_MAX: u64 = 256;
/// No answer for this long means the worker hung: a failure, not a wait for progress.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(120);

/// The crash test's worker: places orders sent on stdin, prints `ack <id>` once committed.
struct Writer {
    child: Child,
    stdin: ChildStdin,
    answers: Receiver<String>,
    sent: u64,
    acked: HashSet<u64>,
}

impl Writer {
    fn start(database: &Path) -> Writer {
        let crate::crash::Worker {
            child,
            stdin,
            answers,
        } = crate::crash::start(database);
        Writer {
            child,
            stdin,
            answers,
            sent: 0,
            acked: HashSet::new(),
        }
    }

    /// Take the answers that came, then place one more order, or, with `IN_FLIGHT_MAX`
    /// unanswered, wait for an answer instead.
    fn step(&mut self) {
        while let Ok(line) = self.answers.try_recv() {
            self.record(&line);
        }
        if self.sent - (self.acked.len() as u64) < IN_FLIGHT_MAX {
            writeln!(self.stdin, "{} place {}", self.sent, self.sent).expect("the worker reads");
            self.stdin.flush().expect("the worker reads");
            self.sent += 1;
        } else {
            self.answer();
        }
    }

    fn answer(&mut self) {
        let line = self
            .answers
            .recv_timeout(ANSWER_TIMEOUT)
            .expect("the worker answers");
        self.record(&line);
    }

    fn record(&mut self, line: &str) {
        let id = line
            .strip_prefix("ack ")
            .unwrap_or_else(|| panic!("the worker refused a placement: {line}"));
        self.acked.insert(id.parse().expect("a numeric id"));
    }

    /// Wait until everything sent is answered.
    fn sync(&mut self) {
        while (self.acked.len() as u64) < self.sent {
            self.answer();
        }
    }

    /// Answer everything sent, then end the worker.
    fn finish(mut self) -> HashSet<u64> {
        self.sync();
        drop(self.stdin);
        assert!(self.child.wait().expect("the worker exits").success());
        self.acked
    }
}

/// The ids of the placements the store at `path` holds, from their idempotency keys.
fn placed(path: &Path) -> HashSet<u64> {
    let conn = Connection::open(path).expect("the store opens");
    let mut stmt = conn
        .prepare("SELECT key FROM idempotency")
        .expect("a statement");
    stmt.query_map([], |r| r.get::<_, String>(0))
        .expect("the keys read")
        .map(|key| {
            let key = key.expect("a key");
            let id = key.rsplit_once("|crash-").expect("a worker's key").1;
            id.parse().expect("a numeric id")
        })
        .collect()
}

#[test]
fn a_backup_under_write_load_holds_every_acknowledged_command_and_restores() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let live = dir.path().join("live.db");
    let copy = dir.path().join("backup.db");
    let restored = dir.path().join("restored.db");

    let mut writer = Writer::start(&live);
    for _ in 0..500 {
        writer.step();
    }
    // Everything acknowledged until now must be in the copy; commands keep being written
    // while the backup runs.
    let acknowledged_before = writer.acked.clone();
    let mut backup = Command::new(env!("CARGO_BIN_EXE_redress"))
        .args(["backup", "--database"])
        .arg(&live)
        .arg("--to")
        .arg(&copy)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("redress backup starts");
    let mut during = 0;
    while backup.try_wait().expect("the backup runs").is_none() {
        writer.step();
        during += 1;
    }
    let backed_up = backup.wait_with_output().expect("the backup ends");
    assert!(
        backed_up.status.success(),
        "{}{}",
        text(&backed_up.stdout),
        text(&backed_up.stderr)
    );
    assert!(
        text(&backed_up.stdout).contains("replay equals every projection"),
        "{}",
        text(&backed_up.stdout)
    );
    for _ in 0..100 {
        writer.step();
    }
    let acknowledged = writer.finish();
    eprintln!(
        "{} acknowledged before the backup, {during} placed while it ran, {} in all",
        acknowledged_before.len(),
        acknowledged.len()
    );

    let restore = |force: bool| {
        let (from, to) = (copy.display().to_string(), restored.display().to_string());
        let mut args = vec![
            "restore",
            "--from",
            from.as_str(),
            "--database",
            to.as_str(),
        ];
        if force {
            args.push("--force");
        }
        redress(&args)
    };
    let first = restore(false);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let replay = redress(&["replay", "--database", &restored.display().to_string()]);
    assert!(replay.status.success(), "{}", text(&replay.stdout));

    let in_copy = placed(&restored);
    let missing: Vec<&u64> = acknowledged_before.difference(&in_copy).collect();
    assert!(
        missing.is_empty(),
        "acknowledged but not in the backup: {missing:?}"
    );
    // A consistent snapshot: nothing the live store does not hold, no half of anything.
    assert!(in_copy.is_subset(&placed(&live)));
    let events: i64 = Connection::open(&restored)
        .expect("opens")
        .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))
        .expect("counts");
    assert_eq!(events as usize, in_copy.len(), "one event per placement");

    // The restored store is in place: restoring over it again needs --force, and --force
    // is refused while a process has it open.
    let again = restore(false);
    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("--force"),
        "{}",
        text(&again.stderr)
    );
    // A process on the restored store: once it has answered, it has the store open.
    let mut user = Writer::start(&restored);
    user.step();
    user.sync();
    let busy = restore(true);
    assert!(!busy.status.success(), "restored over a store in use");
    assert!(
        text(&busy.stderr).contains("in use"),
        "{}",
        text(&busy.stderr)
    );
    user.finish();
    let forced = restore(true);
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    assert_eq!(placed(&restored), in_copy);
}

#[test]
fn a_backup_refuses_to_overwrite_and_points_postgresql_to_its_tools() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let live = dir.path().join("live.db");
    let mut writer = Writer::start(&live);
    for _ in 0..10 {
        writer.step();
    }
    writer.finish();
    let existing = dir.path().join("existing.db");
    std::fs::write(&existing, b"keep me").expect("writes");
    let over = redress(&[
        "backup",
        "--database",
        &live.display().to_string(),
        "--to",
        &existing.display().to_string(),
    ]);
    assert!(!over.status.success());
    assert!(
        text(&over.stderr).contains("exists"),
        "{}",
        text(&over.stderr)
    );
    assert_eq!(std::fs::read(&existing).expect("reads"), b"keep me");

    let postgres = redress(&[
        "backup",
        "--database",
        "postgres://nobody@127.0.0.1:1/none",
        "--to",
        &dir.path().join("pg.dump").display().to_string(),
    ]);
    assert!(!postgres.status.success());
    assert!(
        text(&postgres.stderr).contains("pg_dump"),
        "{}",
        text(&postgres.stderr)
    );
}
