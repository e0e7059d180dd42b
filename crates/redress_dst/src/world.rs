//! One world: a database, one or more engine instances on it, the clock, the plan, and the
//! checks run after every step.

use crate::check::{Checker, Failure};
use crate::faults::{FaultStore, Faults};
use crate::plan::{self, Act, Fault, MerchantAct, Op, Parcel, Step, Who};
use crate::receivers::Receivers;
use crate::stats::Stats;
use redress_domain::dispute::{Responsibility, VerdictOutcome};
use redress_domain::evidence::{Evidence, EvidenceKind};
use redress_domain::merchant::MerchantCommand;
use redress_domain::{
    Actor, BuyerId, Currency, DeadlineKind, ItemFlags, ItemId, LineRequest, MerchantId, Money,
    NewOrder, NewTicket, OrderCommand, OrderId, OrderItem, ParcelId, ParcelUpdate, Policy,
    ProductId, Reason, RejectGround, Remedy, SignedDuration, Signer, StaffId, TicketAction,
    TicketId, TicketKind, Timestamp,
};
use redress_engine::{Clock, Command, Engine, EngineConfig, ManualClock, Submission};
use redress_store::postgres::{PgPool, drop_schema};
use redress_store::{AnyStore, PgStore, SqliteStore, State, Store, StreamKey};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Which database a world runs on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A fresh SQLite file per world, in a temporary directory.
    Sqlite,
    /// A fresh schema per world on this server, dropped afterwards.
    Postgres { url: String },
}

/// What to run.
#[derive(Clone, Debug)]
pub struct RunConfig {
    pub seed: u64,
    /// Steps drawn for the world.
    pub steps: usize,
    pub backend: Backend,
    /// Engine instances on the one database (each with its own connections, writer and
    /// cache, as separate processes would have).
    pub engines: u8,
    /// Run only these steps of the plan (in plan order): a shrunk run. `None`: all.
    pub keep: Option<Vec<usize>>,
    /// Run the replay and metrics recount (the slow checks) after every this many steps,
    /// and always after the last; 1 is after every step.
    pub heavy_every: usize,
    /// A bug put in on purpose, to prove that the checks and `--shrink` find it (tests and
    /// the CLI's hidden `--inject-bug`); `None` in every real run.
    pub inject: Option<Injected>,
}

/// A deliberate bug of the world's store wrapper.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Injected {
    /// Writes of an order with a refunded ticket lose their daily figures: the stored metrics
    /// drift from the oracle's recount once a refund has been paid.
    RefundLosesDays,
}

impl RunConfig {
    pub fn new(seed: u64, steps: usize, backend: Backend) -> Self {
        let engines = match backend {
            Backend::Sqlite => 1,
            Backend::Postgres { .. } => 2,
        };
        RunConfig {
            seed,
            steps,
            backend,
            engines,
            keep: None,
            heavy_every: 1,
            inject: None,
        }
    }
}

/// How a world ended.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// SHA-256 of the trace: equal for equal seeds, steps and kept steps.
    pub trace_hash: String,
    pub trace: Vec<String>,
    pub steps_run: usize,
    pub failure: Option<Failure>,
    pub stats: Stats,
}

/// Monday 3 March 2025, 02:00 UTC, as the engine's tests start.
fn t0() -> Timestamp {
    "2025-03-03T02:00:00Z".parse().expect("a valid instant")
}

enum Database {
    Sqlite {
        _dir: tempfile::TempDir,
        path: std::path::PathBuf,
    },
    Postgres {
        url: String,
        schema: String,
    },
}

impl Database {
    fn create(backend: &Backend, seed: u64) -> Result<Database, String> {
        Ok(match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().map_err(|e| format!("a temporary directory: {e}"))?;
                Database::Sqlite {
                    path: dir.path().join("dst.db"),
                    _dir: dir,
                }
            }
            Backend::Postgres { url } => {
                static NEXT: AtomicU64 = AtomicU64::new(0);
                Database::Postgres {
                    url: url.clone(),
                    // The name never enters the trace; it only has to be unique.
                    schema: format!(
                        "redress_dst_{seed}_{}_{}",
                        std::process::id(),
                        NEXT.fetch_add(1, Ordering::Relaxed)
                    ),
                }
            }
        })
    }

    async fn open(&self) -> Result<AnyStore, String> {
        match self {
            Database::Sqlite { path, .. } => SqliteStore::open(path)
                .map(AnyStore::Sqlite)
                .map_err(|e| format!("the SQLite file does not open: {e}")),
            Database::Postgres { url, schema } => PgStore::connect_in_schema(url, schema)
                .await
                .map(AnyStore::Postgres)
                .map_err(|e| {
                    format!(
                        "PostgreSQL at {} is unusable: {e}",
                        redress_store::redact_url(url)
                    )
                }),
        }
    }

    async fn remove(&self) {
        if let Database::Postgres { url, schema } = self
            && let Ok(pool) = PgPool::connect(url).await
        {
            if let Err(e) = drop_schema(&pool, schema).await {
                tracing::warn!(%schema, error = %e, "dst: a world's schema was not dropped");
            }
            pool.close().await;
        }
    }
}

async fn close(store: &AnyStore) {
    if let AnyStore::Postgres(pg) = store {
        pg.close().await;
    }
}

/// A running world.
struct World {
    seed: u64,
    database: Database,
    clock: Arc<ManualClock>,
    faults: Arc<Faults>,
    engines: Vec<Engine<FaultStore>>,
    /// A handle of the checks' own, beside the engines'.
    store: AnyStore,
    policy: Policy,
    trace: Vec<String>,
    stats: Stats,
    receivers: Receivers,
    /// The log position up to which a delivery round has fanned the outbox out.
    fanned: i64,
}

/// Run one world. An `Err` is a world that could not be set up (a database that does not
/// open), not a failed check.
pub async fn run(config: &RunConfig) -> Result<Outcome, String> {
    let plan = plan::plan(config.seed, config.steps, config.engines.max(1));
    let indices: Vec<usize> = match &config.keep {
        Some(keep) => keep.iter().copied().filter(|i| *i < plan.len()).collect(),
        None => (0..plan.len()).collect(),
    };
    let database = Database::create(&config.backend, config.seed)?;
    let store = database.open().await?;
    let clock = Arc::new(ManualClock::new(t0()));
    let faults = Arc::new(Faults::default());
    faults.inject(config.inject);
    let policy = Policy::default();
    let receivers = match Receivers::subscribe(&store, t0()).await {
        Ok(r) => r,
        Err(e) => {
            close(&store).await;
            database.remove().await;
            return Err(e);
        }
    };
    let mut world = World {
        seed: config.seed,
        database,
        clock,
        faults,
        engines: Vec::new(),
        store,
        policy,
        trace: Vec::new(),
        stats: Stats::default(),
        receivers,
        fanned: 0,
    };
    for _ in 0..config.engines.max(1) {
        let engine = world.start_engine().await?;
        world.engines.push(engine);
    }
    let mut checker = Checker::new(
        world.store.clone(),
        world.clock.clone(),
        plan::order_slots(config.steps),
    );
    let mut failure = None;
    let mut steps_run = 0;
    for (n, index) in indices.iter().enumerate() {
        let step = &plan[*index];
        steps_run += 1;
        let heavy = (n + 1) % config.heavy_every.max(1) == 0 || n + 1 == indices.len();
        if let Err(mut f) = world.step(*index, step, &mut checker, heavy).await {
            f.step = *index;
            failure = Some(f);
            break;
        }
    }
    if failure.is_none() && indices.is_empty() {
        failure = checker.heavy().await.err();
    }
    if failure.is_none() {
        // Delivery settles: every receiver back up, every dead letter redelivered; then
        // every message must have reached its receivers.
        let settled = world.settle(&mut checker).await;
        if let Err(mut f) = settled {
            f.step = indices.last().copied().unwrap_or(0);
            failure = Some(f);
        }
    }
    world.stats.deliveries = crate::receivers::stats(&world.store).await;
    for engine in &world.engines {
        engine.shutdown().await;
        close(engine.store().inner()).await;
    }
    close(&world.store).await;
    world.database.remove().await;
    let mut hash = Sha256::new();
    for line in &world.trace {
        hash.update(line.as_bytes());
        hash.update(b"\n");
    }
    let trace_hash = hash.finalize().iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    });
    Ok(Outcome {
        trace_hash,
        trace: world.trace,
        steps_run,
        failure,
        stats: world.stats,
    })
}

/// What a step's command was, once resolved to ids.
enum Resolved {
    /// A command for the engine, and whether its sender is outside the order's scope.
    Command {
        submission: Box<Submission>,
        foreign_actor: bool,
    },
    /// Refused before reaching the engine, as the API's edge would (a negative amount has no
    /// `Money`): the reason.
    Edge(String),
}

fn merchant_id(slot: u64) -> MerchantId {
    MerchantId::parse(&format!("m{slot}")).expect("a valid merchant id")
}

fn buyer_id(slot: u64) -> BuyerId {
    BuyerId::parse(&format!("b{slot}")).expect("a valid buyer id")
}

fn order_id(slot: u64) -> OrderId {
    OrderId::parse(&format!("o{slot}")).expect("a valid order id")
}

fn ticket_id(order: u64, slot: u64) -> TicketId {
    TicketId::parse(&format!("t{order}x{slot}")).expect("a valid ticket id")
}

fn item_id(raw: &str) -> ItemId {
    ItemId::parse(raw).expect("a valid item id")
}

fn cny(minor: i64) -> Result<Money, String> {
    Money::new(minor, Currency::CNY).map_err(|e| format!("amount {minor}: {e}"))
}

fn nth<T: Copy>(all: &[T], i: u8) -> T {
    all[i as usize % all.len()]
}

impl World {
    async fn start_engine(&self) -> Result<Engine<FaultStore>, String> {
        let store = FaultStore::new(self.database.open().await?, self.faults.clone());
        Ok(Engine::start(
            store,
            self.clock.clone() as Arc<dyn Clock>,
            self.policy.clone(),
            EngineConfig::default(),
        ))
    }

    async fn restart(&mut self, engine: usize) -> Result<(), String> {
        let old = &self.engines[engine];
        old.shutdown().await;
        close(old.store().inner()).await;
        self.engines[engine] = self.start_engine().await?;
        self.stats.restarts += 1;
        Ok(())
    }

    fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// The order in a slot as stored, if placed (by any merchant).
    async fn stored_order(&self, slot: u64) -> Option<redress_domain::Order> {
        let order = order_id(slot);
        let merchant = self.store.locate_order(&order).await.ok()??;
        match self
            .store
            .load(&StreamKey::Order { merchant, order })
            .await
            .ok()??
        {
            State::Order(order) => Some(order),
            _ => None,
        }
    }

    async fn parties(&self, slot: u64) -> (MerchantId, BuyerId) {
        match self.stored_order(slot).await {
            Some(order) => (order.merchant, order.buyer),
            None => (
                merchant_id(slot % plan::MERCHANTS),
                buyer_id(slot % plan::BUYERS),
            ),
        }
    }

    async fn actor(&self, slot: u64, who: Who) -> (Actor, bool) {
        let (merchant, buyer) = self.parties(slot).await;
        let other_merchant = (0..plan::MERCHANTS)
            .map(merchant_id)
            .find(|m| *m != merchant)
            .expect("more than one merchant");
        let other_buyer = (0..plan::BUYERS)
            .map(buyer_id)
            .find(|b| *b != buyer)
            .expect("more than one buyer");
        match who {
            Who::Buyer => (Actor::Buyer(buyer), false),
            Who::Merchant => (Actor::Merchant(merchant), false),
            Who::OtherMerchant => (Actor::Merchant(other_merchant), true),
            Who::OtherBuyer => (Actor::Buyer(other_buyer), true),
            Who::Arbitrator => (Actor::Arbitrator(staff("arbitrator1")), false),
            Who::Operator => (Actor::Operator(staff("operator1")), false),
            Who::Integration => (Actor::Integration, false),
            Who::System => (Actor::System, false),
        }
    }

    fn offset(&self, hours: i64) -> Result<Timestamp, String> {
        self.now()
            .checked_add(SignedDuration::from_hours(hours))
            .map_err(|e| format!("instant {hours} h from now: {e}"))
    }

    async fn resolve(&self, op: &Op) -> Result<Resolved, String> {
        let edge = |e: String| Ok(Resolved::Edge(e));
        let order_cmd = |slot: u64, actor: Actor, foreign: bool, command: OrderCommand| {
            Ok(Resolved::Command {
                submission: Box::new(Submission::new(
                    actor,
                    Command::Order {
                        order: order_id(slot),
                        command,
                    },
                )),
                foreign_actor: foreign,
            })
        };
        match op {
            Op::Place {
                order,
                foreign,
                paid,
                paid_offset_hours,
            } => {
                let merchant = if *foreign {
                    merchant_id((order + 1) % plan::MERCHANTS)
                } else {
                    merchant_id(order % plan::MERCHANTS)
                };
                // Issue 18: every other order also carries a 6.00 shipping fee on top of its
                // lines, and every third its buyer bought freight insurance. From the order's
                // index, not the random stream, so the plans of earlier seeds are unchanged.
                let fee = if order % 2 == 1 { 600 } else { 0 };
                let paid_money = match cny(paid.saturating_add(fee)) {
                    Ok(m) => m,
                    Err(e) => return edge(e),
                };
                let paid_at = match self.offset(*paid_offset_hours) {
                    Ok(t) => t,
                    Err(e) => return edge(e),
                };
                let first = paid.checked_mul(6).map(|p| p / 10);
                let line = |id: &str, product: &str, amount: Money| OrderItem {
                    id: item_id(id),
                    product: ProductId::parse(product).expect("a valid product id"),
                    category: "apparel".to_owned(),
                    quantity: 1,
                    amount,
                    flags: ItemFlags {
                        seven_day_return: true,
                        ..ItemFlags::default()
                    },
                };
                // A hostile `paid` (negative, say) is refused at the edge, like any other
                // amount that cannot be money: the fee on top must not hide it.
                let items = match first {
                    Some(first) => match (cny(first), cny(paid - first)) {
                        (Ok(a), Ok(b)) => vec![line("i1", "p1", a), line("i2", "p2", b)],
                        (Err(e), _) | (_, Err(e)) => return edge(e),
                    },
                    None => match cny(*paid) {
                        Ok(m) => vec![line("i1", "p1", m)],
                        Err(e) => return edge(e),
                    },
                };
                order_cmd(
                    *order,
                    Actor::Integration,
                    false,
                    OrderCommand::Place(NewOrder {
                        id: order_id(*order),
                        merchant,
                        buyer: buyer_id(order % plan::BUYERS),
                        items,
                        paid: paid_money,
                        paid_at,
                        creator: None,
                        shipping_fee: match cny(fee) {
                            Ok(m) => m,
                            Err(e) => return edge(e),
                        },
                        freight_insurance: order % 3 == 0,
                    }),
                )
            }
            Op::Parcel {
                order,
                parcel,
                who,
                update,
            } => {
                let (actor, foreign) = self.actor(*order, *who).await;
                let update = match update {
                    // Parcel "2" carries one unit of i1, which parcel "1" may hold already
                    // (refused: a unit is in at most one parcel); "1" every unit left.
                    Parcel::Tracking(text) => ParcelUpdate::TrackingEntered {
                        tracking: text.render(),
                        items: if *parcel == 1 {
                            vec![LineRequest::units(ItemId::parse("i1").expect("valid"), 1)]
                        } else {
                            Vec::new()
                        },
                    },
                    Parcel::InTransit => ParcelUpdate::InTransit,
                    Parcel::Delivered(s) => ParcelUpdate::Delivered {
                        signer: nth(
                            &[
                                Signer::Buyer,
                                Signer::Proxy,
                                Signer::LockerWithConsent,
                                Signer::LockerWithoutConsent,
                            ],
                            *s,
                        ),
                    },
                    Parcel::Refused => ParcelUpdate::Refused,
                    Parcel::ReturnedToSender => ParcelUpdate::ReturnedToSender,
                    Parcel::Intercepted => ParcelUpdate::Intercepted,
                };
                let parcel =
                    ParcelId::parse(["1", "2", "9"][usize::from(*parcel).min(2)]).expect("valid");
                order_cmd(
                    *order,
                    actor,
                    foreign,
                    OrderCommand::Parcel { parcel, update },
                )
            }
            Op::Open {
                order,
                ticket,
                who,
                kind,
                reason,
                amount,
                whole_order,
                text,
            } => {
                let (actor, foreign) = self.actor(*order, *who).await;
                let amount = match cny(*amount) {
                    Ok(m) => m,
                    Err(e) => return edge(e),
                };
                order_cmd(
                    *order,
                    actor,
                    foreign,
                    OrderCommand::OpenTicket(NewTicket {
                        id: ticket_id(*order, *ticket),
                        kind: nth(&TicketKind::ALL, *kind),
                        reason: nth(&Reason::ALL, *reason),
                        amount: Some(amount),
                        items: if *whole_order {
                            Vec::new()
                        } else {
                            vec![redress_domain::LineRequest::whole(item_id("i1"))]
                        },
                        description: text.render(),
                        evidence: Vec::new(),
                    }),
                )
            }
            Op::Ticket {
                order,
                ticket,
                who,
                version_lag,
                act,
            } => {
                let (actor, foreign) = self.actor(*order, *who).await;
                let id = ticket_id(*order, *ticket);
                let expected_version = match version_lag {
                    None => None,
                    Some(lag) => {
                        let current = self
                            .stored_order(*order)
                            .await
                            .and_then(|o| o.tickets.get(&id).map(|t| t.version))
                            .unwrap_or(0);
                        Some(current.saturating_sub(*lag))
                    }
                };
                let action = match self.action(act) {
                    Ok(a) => a,
                    Err(e) => return edge(e),
                };
                order_cmd(
                    *order,
                    actor,
                    foreign,
                    OrderCommand::Ticket {
                        ticket: id,
                        expected_version,
                        action,
                    },
                )
            }
            Op::Merchant { merchant, who, act } => {
                let id = merchant_id(*merchant);
                let (actor, foreign) = match who {
                    Who::Merchant => (Actor::Merchant(id.clone()), false),
                    Who::OtherMerchant => (
                        Actor::Merchant(merchant_id((merchant + 1) % plan::MERCHANTS)),
                        true,
                    ),
                    _ => (Actor::Operator(staff("operator1")), false),
                };
                let command = match act {
                    MerchantAct::SetFastRefund(on) => {
                        MerchantCommand::SetFastRefund { opted_in: *on }
                    }
                    MerchantAct::Close(text) => MerchantCommand::CloseRefundHandling {
                        reason: text.render(),
                    },
                    MerchantAct::Restore => MerchantCommand::RestoreRefundHandling,
                    MerchantAct::Exclude(on) => {
                        MerchantCommand::SetPlatformFastRefundExclusion { excluded: *on }
                    }
                    MerchantAct::Appeal(text) => {
                        let penalty = match self.store.load(&StreamKey::Merchant(id.clone())).await
                        {
                            Ok(Some(State::Merchant(m))) => m.penalties.keys().next().cloned(),
                            _ => None,
                        };
                        MerchantCommand::AppealPenalty {
                            id: penalty.unwrap_or_else(|| {
                                redress_domain::PenaltyId::new(
                                    jiff::civil::date(2025, 3, 3),
                                    redress_domain::evaluation::ViolationKind::DisputeRate,
                                )
                            }),
                            statement: text.render(),
                        }
                    }
                };
                Ok(Resolved::Command {
                    submission: Box::new(Submission::new(
                        actor,
                        Command::Merchant {
                            merchant: id,
                            command,
                        },
                    )),
                    foreign_actor: foreign,
                })
            }
            Op::Policy { .. }
            | Op::Advance { .. }
            | Op::Evaluate
            | Op::Restart { .. }
            | Op::Burst { .. }
            | Op::Guided { .. }
            | Op::Race { .. }
            | Op::Receiver { .. }
            | Op::Deliver => {
                unreachable!("not a command")
            }
        }
    }

    fn action(&self, act: &Act) -> Result<TicketAction, String> {
        Ok(match act {
            Act::Approve => TicketAction::Approve,
            Act::ApproveAfterRefusal => TicketAction::ApproveAfterRefusal,
            Act::Reject { ground, reason } => TicketAction::Reject {
                ground: nth(
                    &[
                        RejectGround::Request,
                        RejectGround::ReturnNotReceived,
                        RejectGround::ReturnNotAsSent,
                    ],
                    *ground,
                ),
                reason: reason.render(),
                evidence: all_evidence(),
            },
            Act::ProposeRemedy { remedy, amount } => TicketAction::ProposeRemedy {
                remedy: match remedy % 4 {
                    0 => Remedy::Exchange,
                    1 => Remedy::Repair,
                    2 => Remedy::Reship,
                    _ => Remedy::PartialCompensation {
                        amount: cny(*amount)?,
                    },
                },
                note: String::new(),
            },
            Act::AcceptRemedy => TicketAction::AcceptRemedy,
            Act::DeclineRemedy => TicketAction::DeclineRemedy,
            Act::Edit {
                kind,
                reason,
                amount,
                text,
            } => TicketAction::Edit {
                kind: nth(&TicketKind::ALL, *kind),
                reason: nth(&Reason::ALL, *reason),
                amount: cny(*amount)?,
                items: Vec::new(),
                description: text.render(),
                evidence: Vec::new(),
            },
            Act::Cancel => TicketAction::Cancel,
            Act::ShipReturn { tracking } => TicketAction::ShipReturn {
                tracking: tracking.render(),
            },
            Act::Escalate { note } => TicketAction::Escalate {
                note: note.render(),
                evidence: all_evidence(),
            },
            Act::CancelDispute => TicketAction::CancelDispute,
            Act::ReturnInTransit => TicketAction::ReturnInTransit,
            Act::ReturnSigned => TicketAction::ReturnSigned,
            Act::ConfirmReturn => TicketAction::ConfirmReturn,
            Act::ShipReplacement { tracking } => TicketAction::ShipReplacement {
                tracking: tracking.render(),
            },
            Act::ReplacementDelivered => TicketAction::ReplacementDelivered,
            Act::AddEvidence { kind } => TicketAction::AddEvidence {
                evidence: Evidence {
                    kind: nth(&EvidenceKind::ALL, *kind),
                    reference: format!("sha256:{kind}"),
                    note: String::new(),
                },
            },
            Act::SettleDispute => TicketAction::SettleDispute,
            Act::GiveVerdict {
                responsibility,
                outcome,
                amount,
            } => TicketAction::GiveVerdict {
                responsibility: nth(&Responsibility::ALL, *responsibility),
                outcome: match outcome % 3 {
                    0 => VerdictOutcome::FullRefund,
                    1 => VerdictOutcome::PartialRefund {
                        amount: cny(*amount)?,
                    },
                    _ => VerdictOutcome::NoRefund,
                },
                reasoning: "seen".to_owned(),
            },
            Act::Recheck { responsibility } => TicketAction::Recheck {
                responsibility: nth(&Responsibility::ALL, *responsibility),
            },
            Act::RefundSucceeded { reference } => TicketAction::RefundSucceeded {
                payment_reference: reference.render(),
            },
            Act::RefundFailed { reason } => TicketAction::RefundFailed {
                reason: reason.render(),
            },
            Act::RetryRefund => TicketAction::RetryRefund,
            Act::FireDeadline { kind, offset_hours } => TicketAction::FireDeadline {
                kind: nth(&DeadlineKind::ALL, *kind),
                due_at: self.offset(*offset_hours)?,
            },
        })
    }

    /// Run one step and check every invariant after it.
    async fn step(
        &mut self,
        index: usize,
        step: &Step,
        checker: &mut Checker,
        heavy: bool,
    ) -> Result<(), Failure> {
        let engine = usize::from(step.engine) % self.engines.len();
        let setup = |e: String| Failure::new("setup", e);
        match &step.op {
            Op::Restart { engine } => {
                let engine = usize::from(*engine) % self.engines.len();
                self.restart(engine).await.map_err(setup)?;
                self.trace.push(format!("{index}: restart engine {engine}"));
                checker.after_other(heavy).await?;
            }
            Op::Advance { minutes } => {
                let to = self.now() + SignedDuration::from_mins(*minutes);
                let outcome = self.engines[engine].advance_to(&self.clock, to).await;
                self.stats.advances += 1;
                let shown = match &outcome {
                    Ok(report) => format!(
                        "fired {} stale {} evaluations {:?}",
                        report.total(),
                        report.stale,
                        report.evaluations
                    ),
                    Err(e) => format!("error {e}"),
                };
                self.trace.push(format!(
                    "{index}: e{engine} advance {minutes} min to {} => {shown}",
                    self.now()
                ));
                if let Err(e) = outcome {
                    return Err(Failure::new(
                        "advance",
                        format!("advancing the clock to {to} failed: {e}"),
                    ));
                }
                checker.after_advance(heavy).await?;
                self.deliver(index, checker, heavy).await?;
            }
            Op::Evaluate => {
                let today = self.now().to_zoned(self.engines[engine].zone()).date();
                let shown = match self.engines[engine].evaluate_scheduled(today).await {
                    Ok(report) => format!(
                        "evaluated {} merchants {} penalties {}",
                        report.day,
                        report.merchants,
                        report.recorded.len()
                    ),
                    Err(e) => format!("not run: {e}"),
                };
                self.trace
                    .push(format!("{index}: e{engine} evaluate {today} => {shown}"));
                checker.after_other(heavy).await?;
            }
            Op::Policy { response_hours } => {
                let mut policy = self.policy.clone();
                policy.deadlines.merchant_response_hours = *response_hours;
                let shown = match self.engines[engine]
                    .put_policy(policy, Actor::Operator(staff("operator1")))
                    .await
                {
                    Ok(outcome) => format!("{outcome:?}"),
                    Err(e) => format!("err {}", e.code()),
                };
                self.trace.push(format!(
                    "{index}: e{engine} policy response {response_hours} h => {shown}"
                ));
                checker.after_other(heavy).await?;
            }
            Op::Burst {
                order,
                ticket,
                draws,
            } => {
                // Moves drawn until one is accepted: a ticket advances through its states
                // far more often than one random move a step would take it.
                let mut rng = redress_sim::rng::Rng::stream(
                    self.seed,
                    redress_sim::rng::Stream::Order,
                    *draws,
                );
                for _ in 0..plan::BURST_MAX {
                    let (usual, act) = plan::act(&mut rng);
                    let op = Op::Ticket {
                        order: *order,
                        ticket: *ticket,
                        who: usual,
                        version_lag: None,
                        act,
                    };
                    if self
                        .command(index, engine, step, &op, checker, heavy)
                        .await?
                    {
                        break;
                    }
                }
            }
            Op::Guided { order, pick } => {
                let stored = self.stored_order(*order).await;
                let op = crate::guide::choose(*order, stored.as_ref(), self.now(), *pick);
                let guided = Step { op, ..step.clone() };
                // A guided move is one of the other steps: run it as that step.
                Box::pin(self.step(index, &guided, checker, heavy)).await?;
            }
            Op::Race { order, picks } => {
                self.race(index, engine, *order, *picks, checker, heavy)
                    .await?;
            }
            Op::Receiver { receiver, mode } => {
                self.receivers.set(*receiver, *mode);
                self.trace
                    .push(format!("{index}: receiver {receiver} now {mode:?}"));
            }
            Op::Deliver => {
                self.deliver(index, checker, heavy).await?;
            }
            op => {
                self.command(index, engine, step, op, checker, heavy)
                    .await?;
            }
        }
        Ok(())
    }

    /// Run one command step and check after it; `true` when it was accepted.
    async fn command(
        &mut self,
        index: usize,
        engine: usize,
        step: &Step,
        op: &Op,
        checker: &mut Checker,
        heavy: bool,
    ) -> Result<bool, Failure> {
        let setup = |e: String| Failure::new("setup", e);
        let resolved = self.resolve(op).await.map_err(setup)?;
        let (submission, foreign_actor) = match resolved {
            Resolved::Edge(why) => {
                self.stats
                    .count(crate::stats::kind_of(op), &Err(why.clone()));
                self.trace
                    .push(format!("{index}: edge refuses {op:?}: {why}"));
                checker.after_other(heavy).await?;
                return Ok(false);
            }
            Resolved::Command {
                submission,
                foreign_actor,
            } => (*submission, foreign_actor),
        };
        let submission = match (step.key, step.fault) {
            (Some(k), _) => submission.with_key(format!("k{k}")),
            // A retry after a fault is safe only with a key.
            (None, Some(Fault::FailCommit | Fault::CrashAfterCommit)) => {
                submission.with_key(format!("f{index}"))
            }
            (None, _) => submission,
        };
        checker.before(&submission).await?;
        let (answer, lost) = self.submit(index, engine, step.fault, &submission).await?;
        self.stats.count(crate::stats::kind_of(op), &answer);
        let shown = match &answer {
            Ok(r) => format!(
                "ok {} v{} tv{:?} {:?}{}",
                r.stream,
                r.version,
                r.ticket_version,
                r.events,
                if r.replayed { " replayed" } else { "" }
            ),
            Err(code) => format!("err {code}"),
        };
        self.trace.push(format!(
            "{index}: e{engine} {:?} {:?} key {:?} fault {:?} => {shown}",
            submission.actor, submission.command, submission.idempotency_key, step.fault
        ));
        checker
            .after_command(&submission, &answer, lost.as_ref(), foreign_actor, heavy)
            .await?;
        Ok(answer.is_ok())
    }
}

fn staff(raw: &str) -> StaffId {
    StaffId::parse(raw).expect("a valid staff id")
}

/// One piece of every kind of evidence: satisfies any checklist.
fn all_evidence() -> Vec<Evidence> {
    EvidenceKind::ALL
        .into_iter()
        .map(|kind| Evidence {
            kind,
            reference: format!("sha256:{}", kind.as_str()),
            note: String::new(),
        })
        .collect()
}

mod faulted;
mod race;
pub(crate) use race::Racer;

impl std::fmt::Debug for World {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("World").field("seed", &self.seed).finish()
    }
}
