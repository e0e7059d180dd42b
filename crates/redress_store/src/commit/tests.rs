//! The commit's rules, once, on a dialect kept in memory: what each conflict leaves behind
//! and in which order the steps run. The store tests run the same rules on both databases.

use super::sql::CommitSql;
use super::*;
use crate::stream::Events;
use crate::{IdempotencyRecord, Read};
use redress_domain::buyer::{BuyerChange, BuyerProfile, TrustInputs};
use redress_domain::{Actor, BuyerId, Event, Timestamp};
use std::collections::{BTreeMap, HashSet};

/// Statement "texts" the fake recognises by name.
const NAMES: CommitSql = CommitSql {
    stream_version: "stream_version",
    create_stream: "create_stream",
    bump_stream: "bump_stream",
    drop_stream: "drop_stream",
    reset_stream: "reset_stream",
    take_key: "take_key",
    give_back_key: "give_back_key",
};

#[derive(Default)]
struct Fake {
    streams: HashMap<(String, String), i64>,
    keys: HashSet<(String, String)>,
    clashing: HashSet<usize>,
    /// The steps run after the keys, in order.
    steps: Vec<&'static str>,
}

fn text(arg: &Arg<'_>) -> String {
    match arg {
        Arg::Text(t) => (*t).to_owned(),
        Arg::Int(_) => panic!("{arg:?} is not text"),
    }
}

fn int(arg: &Arg<'_>) -> i64 {
    match arg {
        Arg::Int(i) => *i,
        Arg::Text(_) => panic!("{arg:?} is not an integer"),
    }
}

impl Dialect for Fake {
    const SQL: &'static CommitSql = &NAMES;

    async fn execute(&mut self, sql: &'static str, a: &[Arg<'_>]) -> Result<u64, StoreError> {
        let stream = (text(&a[0]), text(&a[1]));
        let changed = match sql {
            "create_stream" if !self.streams.contains_key(&stream) => {
                self.streams.insert(stream, int(&a[2]));
                true
            }
            "bump_stream" if self.streams.get(&stream) == Some(&int(&a[3])) => {
                self.streams.insert(stream, int(&a[2]));
                true
            }
            "drop_stream" => self.streams.remove(&stream).is_some(),
            "reset_stream" => self.streams.insert(stream, int(&a[2])).is_some(),
            "take_key" => self.keys.insert(stream),
            "give_back_key" => self.keys.remove(&stream),
            "create_stream" | "bump_stream" => false,
            other => panic!("unknown statement {other}"),
        };
        Ok(u64::from(changed))
    }

    async fn integer(
        &mut self,
        sql: &'static str,
        a: &[Arg<'_>],
    ) -> Result<Option<i64>, StoreError> {
        assert_eq!(sql, "stream_version");
        Ok(self.streams.get(&(text(&a[0]), text(&a[1]))).copied())
    }

    async fn ids_clash(&mut self, index: usize, _write: &Write) -> Result<bool, StoreError> {
        Ok(self.clashing.contains(&index))
    }

    async fn read_versions(&mut self, write: &Write) -> Result<ReadVersions, StoreError> {
        let mut read = ReadVersions::default();
        for r in &write.reads {
            let key = (r.stream.merchant_key().to_owned(), r.stream.name());
            if let Some(&v) = self.streams.get(&key) {
                read.0.insert(key, v as u64);
            }
        }
        Ok(read)
    }

    async fn append_events(&mut self, _write: &Write, _stream: &str) -> Result<(), StoreError> {
        self.steps.push("events");
        Ok(())
    }

    async fn write_projections(&mut self, _state: &State) -> Result<(), StoreError> {
        self.steps.push("projections");
        Ok(())
    }

    async fn add_days(&mut self, _: &[MerchantDay], _: &[CreatorDay]) -> Result<(), StoreError> {
        self.steps.push("days");
        Ok(())
    }

    async fn insert_outbox(&mut self, _: &[OutboxMessage]) -> Result<(), StoreError> {
        self.steps.push("outbox");
        Ok(())
    }
}

fn buyer(id: &str) -> StreamKey {
    StreamKey::Buyer(BuyerId::parse(id).expect("a valid id"))
}

fn stream_of(id: &str) -> (String, String) {
    let key = buyer(id);
    (key.merchant_key().to_owned(), key.name())
}

/// A write of one event to buyer `id`'s stream, decided at `expected`, with `keys`.
fn write(id: &str, expected: u64, keys: &[&str]) -> Write {
    let at = Timestamp::UNIX_EPOCH;
    let inputs = TrustInputs {
        account_created_at: at,
        completed_orders: 1,
        orders_90d: 1,
        refunds_90d: 0,
        abuse_restricted: false,
    };
    Write {
        stream: buyer(id),
        expected_version: expected,
        events: Events::Buyer(vec![Event {
            at,
            actor: Actor::Integration,
            change: BuyerChange::TrustUpdated(inputs),
        }]),
        state: State::Buyer(BuyerProfile {
            id: BuyerId::parse(id).expect("a valid id"),
            account_created_at: at,
            completed_orders: 1,
            orders_90d: 1,
            refunds_90d: 0,
            abuse_restricted: false,
            version: expected + 1,
        }),
        idempotency: keys
            .iter()
            .map(|k| IdempotencyRecord {
                key: (*k).to_owned(),
                fingerprint: "f".to_owned(),
                receipt: "{}".to_owned(),
            })
            .collect(),
        reads: Vec::new(),
        days: BTreeMap::new(),
        creator: None,
    }
}

fn run(fake: &mut Fake, index: usize, w: &Write) -> WriteOutcome {
    now(commit_write(fake, index, w)).expect("the fake does not fail")
}

const ALL_STEPS: [&str; 4] = ["events", "projections", "days", "outbox"];

#[test]
fn a_new_stream_is_claimed_its_keys_taken_and_every_step_run_in_order() {
    let mut fake = Fake::default();
    let outcome = run(&mut fake, 0, &write("B-1", 0, &["k1", "k2"]));
    assert_eq!(outcome, WriteOutcome::Committed { version: 1 });
    assert_eq!(fake.streams.get(&stream_of("B-1")), Some(&1));
    assert_eq!(fake.keys.len(), 2);
    assert_eq!(fake.steps, ALL_STEPS);
}

#[test]
fn an_existing_stream_moves_from_the_version_decided_on() {
    let mut fake = Fake::default();
    fake.streams.insert(stream_of("B-1"), 3);
    assert_eq!(
        run(&mut fake, 0, &write("B-1", 3, &[])),
        WriteOutcome::Committed { version: 4 }
    );
    assert_eq!(fake.streams.get(&stream_of("B-1")), Some(&4));
}

#[test]
fn a_stream_that_moved_answers_its_version_and_writes_nothing() {
    let mut fake = Fake::default();
    fake.streams.insert(stream_of("B-1"), 5);
    for expected in [0, 3] {
        let outcome = run(&mut fake, 0, &write("B-1", expected, &["k"]));
        assert_eq!(outcome, WriteOutcome::Conflict { actual_version: 5 });
    }
    assert_eq!(fake.streams.get(&stream_of("B-1")), Some(&5));
    assert!(fake.keys.is_empty());
    assert!(fake.steps.is_empty());
}

#[test]
fn a_held_id_is_a_conflict_before_any_statement() {
    let mut fake = Fake::default();
    fake.clashing.insert(1);
    let outcome = run(&mut fake, 1, &write("B-1", 0, &["k"]));
    assert_eq!(outcome, WriteOutcome::Conflict { actual_version: 0 });
    assert!(fake.streams.is_empty() && fake.keys.is_empty() && fake.steps.is_empty());
    // Another index of the same batch is not held back.
    assert_eq!(
        run(&mut fake, 0, &write("B-1", 0, &[])),
        WriteOutcome::Committed { version: 1 }
    );
}

#[test]
fn a_stream_decided_on_that_moved_sends_the_write_back_to_be_decided_again() {
    let mut fake = Fake::default();
    fake.streams.insert(stream_of("B-2"), 2);
    let mut w = write("B-1", 0, &[]);
    w.reads = vec![Read {
        stream: buyer("B-2"),
        version: 1,
    }];
    assert_eq!(
        run(&mut fake, 0, &w),
        WriteOutcome::Conflict { actual_version: 0 }
    );
    assert!(!fake.streams.contains_key(&stream_of("B-1")));
    // At the version seen it commits; a stream seen as absent (0) must still be absent.
    w.reads[0].version = 2;
    assert_eq!(
        run(&mut fake, 0, &w),
        WriteOutcome::Committed { version: 1 }
    );
    let mut absent = write("B-3", 0, &[]);
    absent.reads = vec![Read {
        stream: buyer("B-4"),
        version: 0,
    }];
    assert_eq!(
        run(&mut fake, 0, &absent),
        WriteOutcome::Committed { version: 1 }
    );
}

#[test]
fn a_key_taken_first_gives_back_the_claim_and_the_keys_already_taken() {
    let mut fake = Fake::default();
    fake.keys.insert(("".to_owned(), "k2".to_owned()));
    // A new stream: its claim is dropped.
    let outcome = run(&mut fake, 0, &write("B-1", 0, &["k1", "k2", "k3"]));
    assert_eq!(outcome, WriteOutcome::Conflict { actual_version: 0 });
    assert!(!fake.streams.contains_key(&stream_of("B-1")));
    // An existing stream: its version is put back.
    fake.streams.insert(stream_of("B-1"), 4);
    let outcome = run(&mut fake, 0, &write("B-1", 4, &["k1", "k2"]));
    assert_eq!(outcome, WriteOutcome::Conflict { actual_version: 4 });
    assert_eq!(fake.streams.get(&stream_of("B-1")), Some(&4));
    assert_eq!(
        fake.keys,
        HashSet::from([("".to_owned(), "k2".to_owned())]),
        "only the other write's key stays"
    );
    assert!(fake.steps.is_empty());
}
