//! Properties of the engine under random work: sequences of every actor's commands over a
//! few orders, tickets, merchants and buyers, submitted in small concurrent groups (so that
//! they share batches), interleaved with moves of the clock that fire deadlines and with
//! restarts. After every step the invariants below must hold; proptest prints the failing
//! sequence, shrunk.
//!
//! - No order is ever refunded more than it was paid.
//! - A ticket that reached a terminal state stays in that very state.
//! - At most one live deadline per ticket, and the deadline table is exactly what the
//!   tickets' states imply.
//! - The projections equal a replay of the log.
//! - A dispute counts once per ticket: its first request time never moves, and the log holds
//!   at most one first `dispute_opened` per ticket (exactly one if it has a dispute).
//! - The answers agree with the log: a receipt's events are in its stream, ending at its
//!   version; a command refused on its own recorded nothing; the log is append-only, each
//!   stream numbered 1, 2, … without gaps, and a ticket's version counts its events.
//!
//! The property runs on SQLite and on PostgreSQL, like every engine test; each case starts on
//! a fresh database of its own.

use crate::support::*;
use proptest::prelude::*;
use proptest::test_runner::{FileFailurePersistence, TestRunner};
use redress_domain::buyer::{BuyerCommand, TrustInputs};
use redress_domain::dispute::{Responsibility, VerdictOutcome};
use redress_domain::evidence::{Evidence, EvidenceKind};
use redress_domain::merchant::{Condition, MerchantCommand, StrategyAction};
use redress_domain::{
    Actor, Deadline, LineRequest, NewOrder, NewTicket, OrderChange, OrderCommand, ParcelUpdate,
    Reason, RejectGround, Remedy, Signer, StrategyId, TicketAction, TicketChange, TicketId,
    TicketKind, TicketState, Timestamp,
};
use redress_engine::{Command, EngineError, Receipt, Submission};
use redress_store::Store;
use redress_store::sqlite::StoredEvent;
use std::collections::{BTreeSet, HashMap};

/// Orders in every case: (merchant, buyer, paid). The third is just under the platform's
/// fast-refund limit and holds a custom-made item.
const ORDERS: [(&str, &str, i64); 3] = [
    ("m0", "b0", 20_000),
    ("m0", "b1", 50_000),
    ("m1", "b0", 29_900),
];
/// Ticket slots: slot `s` is ticket `t{s}` on order `s / 2`.
const SLOTS: usize = 6;
const MERCHANTS: [&str; 2] = ["m0", "m1"];
const BUYERS: [&str; 2] = ["b0", "b1"];
const ADVANCE_HOURS: [i64; 10] = [1, 6, 24, 47, 48, 49, 120, 168, 169, 360];

/// Who asks what. Ticket actions name a ticket slot; parameters are raw numbers that
/// `submission` turns into amounts, kinds, reasons and so on, so that shrinking stays simple.
#[derive(Clone, Copy, Debug)]
struct Op {
    act: u8,
    slot: usize,
    p: u16,
    q: u16,
    flag: bool,
    /// Pass the ticket's current version as `expected_version`.
    pin: bool,
    key: Option<u8>,
    /// Let the ticket's state choose the action among those that state admits, so that
    /// cases get deep into the lifecycle; `act` is ignored then.
    guided: bool,
}

#[derive(Clone, Debug)]
enum Step {
    /// Submitted concurrently.
    Group(Vec<Op>),
    Advance {
        hours: i64,
    },
    /// Stop the engine and start another on the same database: a cold cache.
    Restart,
}

#[derive(Clone, Copy, Debug)]
enum Shipped {
    No,
    InTransit,
    Delivered,
}

#[derive(Clone, Debug)]
struct Case {
    multi_thread: bool,
    shipped: [Shipped; 3],
    steps: Vec<Step>,
}

/// Number of distinct `act` values; `submission` maps each to one action.
const ACTS: u8 = 42;

fn op() -> impl Strategy<Value = Op> {
    (
        0..ACTS,
        0..SLOTS,
        any::<u16>(),
        any::<u16>(),
        any::<bool>(),
        prop::bool::weighted(0.2),
        prop::option::weighted(0.2, 0u8..4),
        prop::bool::weighted(0.7),
    )
        .prop_map(|(act, slot, p, q, flag, pin, key, guided)| Op {
            act,
            slot,
            p,
            q,
            flag,
            pin,
            key,
            guided,
        })
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => prop::sample::select(ADVANCE_HOURS.to_vec()).prop_map(|hours| Step::Advance { hours }),
        16 => prop::collection::vec(op(), 1..=3).prop_map(Step::Group),
        1 => Just(Step::Restart),
    ]
}

fn case() -> impl Strategy<Value = Case> {
    let shipped = prop_oneof![
        1 => Just(Shipped::No),
        1 => Just(Shipped::InTransit),
        2 => Just(Shipped::Delivered),
    ];
    (
        any::<bool>(),
        [shipped.clone(), shipped.clone(), shipped],
        prop::collection::vec(step(), 1..=40),
    )
        .prop_map(|(multi_thread, shipped, steps)| Case {
            multi_thread,
            shipped,
            steps,
        })
}

/// Cases on SQLite, where a case takes about half a second.
const SQLITE_CASES: u32 = 48;
/// Cases on PostgreSQL: fewer, because a case there takes about five seconds, most of it in
/// the replay that checks the projections after every step (a scratch schema created, filled
/// and compared each time), and the workspace's tests must stay quick on a two-core CI
/// machine. The persisted failures are replayed on both backends before any new case.
const POSTGRES_CASES: u32 = 16;

mod invariants_hold_under_random_work {
    use super::*;

    #[test]
    fn sqlite() {
        check_invariants(&Backend::Sqlite, SQLITE_CASES);
    }

    #[test]
    fn postgres() {
        if let Some(backend) = Backend::postgres() {
            check_invariants(&backend, POSTGRES_CASES);
        }
    }
}

/// Run `cases` random cases on `backend`; on a failure, panic with the shrunk case, as
/// `proptest!` does.
fn check_invariants(backend: &Backend, cases: u32) {
    let mut runner = TestRunner::new(ProptestConfig {
        cases,
        max_shrink_iters: 256,
        // Beside this file, not in the crate's tests/ folder that other binaries share.
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/engine/proptest-regressions.txt",
        ))),
        ..ProptestConfig::default()
    });
    let outcome = runner.run(&case(), |case| {
        run_case(backend, &case);
        Ok(())
    });
    if let Err(error) = outcome {
        panic!("{error}\n{runner}");
    }
}

fn run_case(backend: &Backend, case: &Case) {
    let runtime = if case.multi_thread {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    }
    .expect("a runtime");
    runtime.block_on(async move {
        let mut run = Run::start(backend, case).await;
        for (index, step) in case.steps.iter().enumerate() {
            run.step(step).await;
            run.check(index).await;
        }
        run.te.finish().await;
    });
}

// ---------------------------------------------------------------------------------------------
// Turning raw ops into submissions.

fn order_of(slot: usize) -> usize {
    slot / 2
}

fn amount_minor(pick: u16, paid: i64) -> i64 {
    match pick % 5 {
        0 => paid,
        1 => paid / 2,
        2 => paid / 3,
        3 => 100,
        _ => paid + 1,
    }
}

/// The lines a request names: the whole order, a whole line, or some units (issue 18).
fn items(pick: u16) -> Vec<LineRequest> {
    match pick % 5 {
        0 => Vec::new(),
        1 => vec![LineRequest::whole(item("i1"))],
        2 => vec![LineRequest::whole(item("i2"))],
        3 => vec![LineRequest::units(item("i1"), 1)],
        _ => vec![
            LineRequest::units(item("i1"), 1),
            LineRequest::units(item("i2"), 1),
        ],
    }
}

fn kind(pick: u16) -> TicketKind {
    TicketKind::ALL[usize::from(pick) % TicketKind::ALL.len()]
}

fn reason(pick: u16) -> Reason {
    Reason::ALL[usize::from(pick / 7) % Reason::ALL.len()]
}

fn responsibility(pick: u16) -> Responsibility {
    Responsibility::ALL[usize::from(pick) % Responsibility::ALL.len()]
}

fn evidence(flag: bool) -> Vec<Evidence> {
    if flag { all_evidence() } else { Vec::new() }
}

fn photo() -> Evidence {
    Evidence {
        kind: EvidenceKind::Photos,
        reference: "sha256:photo".to_owned(),
        note: String::new(),
    }
}

struct Run {
    te: TestEngine,
    orders: Vec<NewOrder>,
    log: Vec<StoredEvent>,
    /// Receipts of the step just run, to find in the log.
    receipts: Vec<Receipt>,
    /// Terminal tickets as first seen terminal.
    terminal: HashMap<TicketId, TicketState>,
    first_dispute: HashMap<TicketId, Timestamp>,
    /// Per ticket: events about it, and first `dispute_opened` events with their time.
    ticket_events: HashMap<TicketId, u64>,
    first_disputes: HashMap<TicketId, Vec<i64>>,
    stream_seq: HashMap<String, u64>,
}

impl Run {
    async fn start(backend: &Backend, case: &Case) -> Run {
        let te = TestEngine::start(backend).await;
        let mut orders = Vec::new();
        for (n, ((merchant_raw, buyer_raw, paid), shipped)) in
            ORDERS.iter().zip(case.shipped).enumerate()
        {
            let mut new = new_order(&format!("o{n}"), merchant_raw, buyer_raw, *paid, te.now());
            if n == 2 {
                new.items[0].flags.custom = true;
            }
            te.ok(place(&new)).await;
            let updates = match shipped {
                Shipped::No => vec![],
                Shipped::InTransit => vec![
                    ParcelUpdate::TrackingEntered {
                        tracking: format!("SF{n}"),
                        items: Vec::new(),
                    },
                    ParcelUpdate::InTransit,
                ],
                Shipped::Delivered => vec![
                    ParcelUpdate::TrackingEntered {
                        tracking: format!("SF{n}"),
                        items: Vec::new(),
                    },
                    ParcelUpdate::Delivered {
                        signer: Signer::Buyer,
                    },
                ],
            };
            for update in updates {
                te.ok(on_order(
                    Actor::Integration,
                    &new.id,
                    OrderCommand::single_parcel(update),
                ))
                .await;
            }
            orders.push(new);
        }
        let mut run = Run {
            te,
            orders,
            log: Vec::new(),
            receipts: Vec::new(),
            terminal: HashMap::new(),
            first_dispute: HashMap::new(),
            ticket_events: HashMap::new(),
            first_disputes: HashMap::new(),
            stream_seq: HashMap::new(),
        };
        run.read_log().await;
        run
    }

    /// The op a guided op stands for: an action the ticket's state admits, mostly.
    async fn guide(&self, op: &Op) -> Op {
        let new = &self.orders[order_of(op.slot)];
        let order = self.te.order(&new.id).await;
        let ticket = order.tickets.get(&ticket_id(&format!("t{}", op.slot)));
        // (act, p): `p` steers the act's own choices (reject ground, parcel update); `None`
        // keeps the op's.
        let choices: &[(u8, Option<u16>)] = match ticket.map(|t| &t.state) {
            None => {
                // Kinds other than refund-only need the goods delivered.
                let delivered = order.signer_of(&[]).is_some_and(|s| s.counts_as_buyer());
                let p = if delivered { op.p } else { op.p - op.p % 5 };
                let q = if op.q % 5 == 4 { op.q - 1 } else { op.q };
                return Op {
                    act: 0,
                    p,
                    q,
                    ..*op
                };
            }
            Some(TicketState::Requested { proposal: None, .. }) => {
                &[(6, None), (8, None), (9, Some(0)), (11, None), (15, None)]
            }
            Some(TicketState::Requested {
                proposal: Some(_), ..
            }) => &[(12, None), (13, None), (6, None)],
            Some(TicketState::AwaitingRefusal { .. }) => &[
                (33, Some(2)),
                (33, Some(3)),
                (33, Some(4)),
                (33, Some(5)),
                (15, None),
            ],
            Some(TicketState::AwaitingReturn { .. }) => &[(16, None), (16, None), (15, None)],
            Some(TicketState::ReturnInTransit { .. }) => {
                &[(17, None), (18, None), (18, None), (19, None), (9, Some(1))]
            }
            Some(TicketState::ReturnReceived { .. }) => &[(19, None), (9, Some(1)), (9, Some(2))],
            Some(TicketState::AwaitingMerchantShipment { .. }) => {
                &[(20, None), (20, None), (22, None)]
            }
            Some(TicketState::ReplacementInTransit { .. }) => &[(21, None), (22, None)],
            Some(TicketState::Rejected { .. }) => &[(14, None), (22, None), (22, None), (15, None)],
            Some(TicketState::InDispute { .. }) => &[
                (25, None),
                (26, None),
                (27, None),
                (27, None),
                (24, None),
                (15, None),
            ],
            Some(TicketState::Refunding { .. }) => {
                &[(29, None), (29, None), (31, None), (32, None)]
            }
            Some(
                TicketState::Refunded { .. }
                | TicketState::Completed { .. }
                | TicketState::Closed { .. },
            ) => &[(28, None), (33, None), (35, None), (36, None), (40, None)],
        };
        let (act, p) = choices[usize::from(op.q) % choices.len()];
        Op {
            act,
            p: p.map_or(op.p, |choice| op.p % 1_000 / 6 * 6 + choice),
            // Evidence, mostly.
            flag: op.flag || !op.p.is_multiple_of(4),
            ..*op
        }
    }

    async fn submission(&self, op: &Op) -> Submission {
        let guided;
        let op = if op.guided {
            guided = self.guide(op).await;
            &guided
        } else {
            op
        };
        let new = &self.orders[order_of(op.slot)];
        let order = &new.id;
        let ticket = ticket_id(&format!("t{}", op.slot));
        let the_merchant = Actor::Merchant(new.merchant.clone());
        let the_buyer = Actor::Buyer(new.buyer.clone());
        let expected_version = if op.pin {
            self.te
                .order(order)
                .await
                .tickets
                .get(&ticket)
                .map(|t| t.version)
        } else {
            None
        };
        let on = |actor: Actor, action: TicketAction| {
            on_ticket(actor, order, &ticket, expected_version, action)
        };
        let merchant_id = merchant(MERCHANTS[op.slot % MERCHANTS.len()]);
        let for_merchant = |actor: Actor, command: MerchantCommand| {
            Submission::new(
                actor,
                Command::Merchant {
                    merchant: merchant_id.clone(),
                    command,
                },
            )
        };
        let operator = Actor::Operator(staff("op1"));
        let (p, q, flag) = (op.p, op.q, op.flag);
        let submission = match op.act {
            0..=5 => on_order(
                the_buyer,
                order,
                OrderCommand::OpenTicket(NewTicket {
                    id: ticket.clone(),
                    kind: kind(p),
                    reason: reason(p),
                    amount: (q % 7 != 0).then(|| cny(amount_minor(q, new.paid.minor()))),
                    items: items(q / 5),
                    description: "please".to_owned(),
                    evidence: evidence(flag),
                }),
            ),
            6 | 7 => on(the_merchant, TicketAction::Approve),
            8 => on(the_merchant, TicketAction::ApproveAfterRefusal),
            9 | 10 => on(
                the_merchant,
                TicketAction::Reject {
                    ground: [
                        RejectGround::Request,
                        RejectGround::ReturnNotReceived,
                        RejectGround::ReturnNotAsSent,
                    ][usize::from(p % 3)],
                    reason: "not so".to_owned(),
                    evidence: evidence(flag),
                },
            ),
            11 => on(
                the_merchant,
                TicketAction::ProposeRemedy {
                    remedy: match p % 4 {
                        0 => Remedy::Exchange,
                        1 => Remedy::Repair,
                        2 => Remedy::Reship,
                        _ => Remedy::PartialCompensation {
                            amount: cny(if flag { 100 } else { 5_000 }),
                        },
                    },
                    note: String::new(),
                },
            ),
            12 => on(the_buyer, TicketAction::AcceptRemedy),
            13 => on(the_buyer, TicketAction::DeclineRemedy),
            14 => on(
                the_buyer,
                TicketAction::Edit {
                    kind: kind(p),
                    reason: reason(p),
                    amount: cny(amount_minor(q, new.paid.minor())),
                    items: items(q / 5),
                    description: "again".to_owned(),
                    evidence: evidence(flag),
                },
            ),
            15 => on(the_buyer, TicketAction::Cancel),
            16 => on(
                the_buyer,
                TicketAction::ShipReturn {
                    tracking: format!("R{}", op.slot),
                },
            ),
            17 => on(Actor::Integration, TicketAction::ReturnInTransit),
            18 => on(Actor::Integration, TicketAction::ReturnSigned),
            19 => on(the_merchant, TicketAction::ConfirmReturn),
            20 => on(
                the_merchant,
                TicketAction::ShipReplacement {
                    tracking: format!("S{}", op.slot),
                },
            ),
            21 => on(Actor::Integration, TicketAction::ReplacementDelivered),
            22 | 23 => on(
                the_buyer,
                TicketAction::Escalate {
                    note: String::new(),
                    evidence: evidence(flag),
                },
            ),
            24 => on(the_buyer, TicketAction::CancelDispute),
            25 => on(
                if flag { the_buyer } else { the_merchant },
                TicketAction::AddEvidence { evidence: photo() },
            ),
            26 => on(the_merchant, TicketAction::SettleDispute),
            27 => on(
                Actor::Arbitrator(staff("a1")),
                TicketAction::GiveVerdict {
                    responsibility: responsibility(p),
                    outcome: match q % 3 {
                        0 => VerdictOutcome::FullRefund,
                        1 => VerdictOutcome::PartialRefund { amount: cny(100) },
                        _ => VerdictOutcome::NoRefund,
                    },
                    reasoning: "as the evidence shows".to_owned(),
                },
            ),
            28 => on(
                if flag {
                    operator
                } else {
                    Actor::Arbitrator(staff("a1"))
                },
                TicketAction::Recheck {
                    responsibility: responsibility(p),
                },
            ),
            29 | 30 => on(
                Actor::Integration,
                TicketAction::RefundSucceeded {
                    payment_reference: format!("PAY{}", op.slot),
                },
            ),
            31 => on(
                Actor::Integration,
                TicketAction::RefundFailed {
                    reason: "bank offline".to_owned(),
                },
            ),
            32 => on(operator, TicketAction::RetryRefund),
            33 | 34 => {
                let by_merchant = |update| {
                    let actor = if flag {
                        the_merchant.clone()
                    } else {
                        Actor::Integration
                    };
                    (actor, update)
                };
                let (actor, update) = match p % 6 {
                    0 => by_merchant(ParcelUpdate::TrackingEntered {
                        tracking: format!("SF{}", order_of(op.slot)),
                        items: Vec::new(),
                    }),
                    1 => (Actor::Integration, ParcelUpdate::InTransit),
                    2 => (
                        Actor::Integration,
                        ParcelUpdate::Delivered {
                            signer: [
                                Signer::Buyer,
                                Signer::Proxy,
                                Signer::LockerWithConsent,
                                Signer::LockerWithoutConsent,
                            ][usize::from(q % 4)],
                        },
                    ),
                    3 => (Actor::Integration, ParcelUpdate::Refused),
                    4 => (Actor::Integration, ParcelUpdate::ReturnedToSender),
                    _ => by_merchant(ParcelUpdate::Intercepted),
                };
                on_order(actor, order, OrderCommand::single_parcel(update))
            }
            35 => for_merchant(
                Actor::Merchant(merchant_id.clone()),
                MerchantCommand::SetFastRefund { opted_in: flag },
            ),
            36 => for_merchant(
                Actor::Merchant(merchant_id.clone()),
                MerchantCommand::PutStrategy {
                    id: StrategyId::parse(&format!("s{}", p % 2)).expect("a valid id"),
                    name: "helper".to_owned(),
                    condition: Condition {
                        kinds: if q % 2 == 0 {
                            Vec::new()
                        } else {
                            vec![kind(q / 2)]
                        },
                        trusted_buyer_only: flag,
                        ..Condition::default()
                    },
                    action: if p % 3 == 0 {
                        StrategyAction::RefundOnReturnSigned
                    } else {
                        StrategyAction::Approve
                    },
                },
            ),
            37 => for_merchant(
                Actor::Merchant(merchant_id.clone()),
                MerchantCommand::DisableStrategy {
                    id: StrategyId::parse(&format!("s{}", p % 2)).expect("a valid id"),
                },
            ),
            38 => for_merchant(
                operator,
                if flag {
                    MerchantCommand::CloseRefundHandling {
                        reason: "high risk".to_owned(),
                    }
                } else {
                    MerchantCommand::RestoreRefundHandling
                },
            ),
            39 => for_merchant(
                operator,
                MerchantCommand::SetPlatformFastRefundExclusion { excluded: flag },
            ),
            40 => {
                let days = if flag { 400 } else { 10 };
                Submission::new(
                    Actor::Integration,
                    Command::Buyer {
                        buyer: buyer(BUYERS[op.slot % BUYERS.len()]),
                        command: BuyerCommand::UpdateTrust(TrustInputs {
                            account_created_at: t0() - hours(24 * days),
                            completed_orders: if flag { 10 } else { 0 },
                            orders_90d: 10,
                            refunds_90d: u32::from(q % 11),
                            abuse_restricted: false,
                        }),
                    },
                )
            }
            // Another shop's staff: always refused.
            _ => on(
                Actor::Merchant(merchant(if new.merchant.as_str() == "m0" {
                    "m1"
                } else {
                    "m0"
                })),
                TicketAction::Approve,
            ),
        };
        match op.key {
            Some(key) => submission.with_key(format!("k{key}")),
            None => submission,
        }
    }

    async fn step(&mut self, step: &Step) {
        self.receipts.clear();
        match step {
            Step::Advance { hours: by } => {
                self.te.advance(hours(*by)).await;
                let due = self
                    .te
                    .store()
                    .due_deadlines(self.te.now(), 1)
                    .await
                    .expect("deadlines");
                assert!(due.is_empty(), "left due after advancing: {due:?}");
            }
            Step::Restart => self.te.restart().await,
            Step::Group(ops) => {
                let mut submissions = Vec::new();
                for op in ops {
                    submissions.push(self.submission(op).await);
                }
                let before = self.log.len();
                // Spawned together, so that they reach the writer together.
                let handles: Vec<_> = submissions
                    .iter()
                    .cloned()
                    .map(|submission| {
                        let engine = self.te.engine.clone();
                        tokio::spawn(async move { engine.execute(submission).await })
                    })
                    .collect();
                let mut answers = Vec::new();
                for handle in handles {
                    answers.push(handle.await.expect("joined"));
                }
                self.read_log().await;
                for (submission, answer) in submissions.iter().zip(answers) {
                    match answer {
                        Ok(receipt) => {
                            assert!(
                                receipt.replayed || !receipt.events.is_empty(),
                                "a receipt with no events: {receipt:?}"
                            );
                            self.receipts.push(receipt);
                        }
                        Err(
                            EngineError::Rejected(_) | EngineError::IdempotencyKeyReused { .. },
                        ) => {
                            if ops.len() == 1 {
                                assert_eq!(
                                    self.log.len(),
                                    before,
                                    "{submission:?} was refused but recorded events"
                                );
                            }
                        }
                        Err(other) => panic!("{submission:?} failed: {other:?}"),
                    }
                }
            }
        }
    }

    /// Read what was appended since the last read, checking that the log only grows, each
    /// stream without gaps.
    async fn read_log(&mut self) {
        let after = self.log.last().map_or(0, |e| e.position);
        for event in events_after(self.te.store(), after).await {
            let seq = self.stream_seq.entry(event.stream.clone()).or_default();
            assert_eq!(event.seq, *seq + 1, "a gap in {}: {event:?}", event.stream);
            *seq = event.seq;
            if let Some(OrderChange::Ticket { ticket, change }) = order_change(&event) {
                *self.ticket_events.entry(ticket.clone()).or_default() += 1;
                if let TicketChange::DisputeOpened { first: true, .. } = change {
                    self.first_disputes
                        .entry(ticket)
                        .or_default()
                        .push(event.at_us);
                }
            }
            self.log.push(event);
        }
    }

    async fn check(&mut self, step: usize) {
        self.read_log().await;
        for receipt in &self.receipts {
            assert_receipt_in_log(&self.log, receipt);
        }
        let mut implied = BTreeSet::new();
        for new in &self.orders {
            let order = self.te.order(&new.id).await;
            assert!(
                order.refunded().minor() <= order.paid.minor(),
                "step {step}: {} refunded {} of {}",
                order.id,
                order.refunded(),
                order.paid
            );
            for (id, ticket) in &order.tickets {
                if let Some(was) = self.terminal.get(id) {
                    assert_eq!(&ticket.state, was, "step {step}: terminal {id} changed");
                } else if ticket.state.is_terminal() {
                    self.terminal.insert(id.clone(), ticket.state.clone());
                }
                match (&ticket.dispute, self.first_dispute.get(id)) {
                    (Some(dispute), Some(first)) => assert_eq!(
                        dispute.first_requested_at, *first,
                        "step {step}: {id}'s dispute moved its first request"
                    ),
                    (Some(dispute), None) => {
                        self.first_dispute
                            .insert(id.clone(), dispute.first_requested_at);
                    }
                    (None, Some(_)) => panic!("step {step}: {id} lost its dispute"),
                    (None, None) => {}
                }
                let firsts = self.first_disputes.get(id).cloned().unwrap_or_default();
                match &ticket.dispute {
                    Some(dispute) => assert_eq!(
                        firsts,
                        vec![dispute.first_requested_at.as_microsecond()],
                        "step {step}: {id} counted its dispute other than once"
                    ),
                    None => assert!(firsts.is_empty(), "step {step}: {id}: {firsts:?}"),
                }
                assert_eq!(
                    ticket.version,
                    self.ticket_events.get(id).copied().unwrap_or_default(),
                    "step {step}: {id}'s version does not count its events"
                );
                if let Some(Deadline { kind, due_at }) = ticket.deadline() {
                    implied.insert((new.id.clone(), id.clone(), kind, due_at));
                }
            }
        }
        let rows = self
            .te
            .store()
            .due_deadlines(far_future(), 1_000)
            .await
            .expect("deadlines");
        let mut per_ticket: HashMap<&TicketId, usize> = HashMap::new();
        for row in &rows {
            *per_ticket.entry(&row.ticket).or_default() += 1;
        }
        assert!(
            per_ticket.values().all(|n| *n == 1),
            "step {step}: a ticket with several deadlines: {rows:?}"
        );
        let stored: BTreeSet<_> = rows
            .into_iter()
            .map(|r| (r.order, r.ticket, r.kind, r.due_at))
            .collect();
        assert_eq!(
            stored, implied,
            "step {step}: deadline table vs ticket states"
        );
        let replay = self.te.store().replay().await.expect("replay runs");
        assert!(
            replay.differences.is_empty(),
            "step {step}: projections differ from the log: {:#?}",
            replay.differences
        );
    }
}
