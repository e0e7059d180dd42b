//! The actors: merchants, buyers, and one agent per order that plays the order's buyer,
//! merchant, carrier, payment system and arbitrator against the engine.
//!
//! An agent never predicts what the engine will do. It reads the order back after acting and
//! plans the next move from the ticket's real state, so deadlines, automatic policies and
//! refusals are the engine's alone. Every draw comes from the order's own stream, so the
//! agents of one tick can run concurrently without changing any draw.

use crate::model::{Model, Spread};
use crate::rng::{Rng, Stream};
use redress_domain::dispute::{Responsibility, VerdictOutcome, required_evidence, suggest};
use redress_domain::evidence::{Evidence, EvidenceKind, Side};
use redress_domain::{
    Actor, BuyerId, Currency, DisputePhase, FulfilmentStage, ItemFlags, ItemId, MerchantId, Money,
    NewOrder, NewTicket, Order, OrderCommand, OrderId, OrderItem, ParcelUpdate, ProductId, Reason,
    RejectGround, Rejection, Signer, StaffId, StateName, TicketAction, TicketId, TicketKind,
    TicketState, Timestamp,
};
use redress_engine::{Command, Engine, EngineError, Submission};
use redress_store::{AnyStore, State, Store, StreamKey};
use std::sync::Arc;

/// A merchant and how it behaves now (penalties change it).
#[derive(Clone, Debug)]
pub struct MerchantActor {
    pub id: MerchantId,
    pub name: String,
    pub size: String,
    pub profile: usize,
    pub volume: f64,
    pub fast_refund: bool,
    pub auto_approve: bool,
    /// Penalties received so far.
    pub penalties: u32,
    /// Multipliers the penalties have applied.
    pub reject_factor: f64,
    pub response_factor: f64,
}

#[derive(Clone, Debug)]
pub struct BuyerActor {
    pub id: BuyerId,
    pub trusted: bool,
    pub abuser: bool,
    pub restricted: bool,
}

/// Everything the agents read; replaced (not mutated) when penalties change a merchant.
#[derive(Debug)]
pub struct World {
    pub model: Model,
    pub merchants: Vec<MerchantActor>,
    /// Cumulative order-volume weights, for drawing a merchant by binary search.
    pub merchant_cumulative: Vec<f64>,
    pub buyers: Vec<BuyerActor>,
    pub currency: Currency,
    pub tick: redress_domain::SignedDuration,
    pub arbitrator: StaffId,
}

impl World {
    pub fn merchant_for(&self, rng: &mut Rng) -> usize {
        let total = *self.merchant_cumulative.last().expect("merchants exist");
        let x = rng.unit() * total;
        self.merchant_cumulative
            .partition_point(|c| *c <= x)
            .min(self.merchants.len() - 1)
    }

    /// `at` rounded up to the tick grid the actors act on.
    pub fn on_grid(&self, origin: Timestamp, at: Timestamp) -> Timestamp {
        let tick = self.tick.as_micros() as i64;
        let since = at.as_microsecond() - origin.as_microsecond();
        let ticks = (since + tick - 1).div_euclid(tick);
        Timestamp::from_microsecond(origin.as_microsecond() + ticks * tick).expect("in range")
    }
}

fn hours(h: f64) -> redress_domain::SignedDuration {
    redress_domain::SignedDuration::from_secs((h * 3600.0) as i64)
}

fn plus(at: Timestamp, h: f64) -> Timestamp {
    at.checked_add(hours(h))
        .expect("simulated times stay in range")
}

/// What the agent does next.
#[derive(Clone, Debug)]
enum Step {
    Place,
    /// The parcel physically leaves (no command: the system sees only the tracking number).
    Ship,
    Tracking,
    InTransit,
    Delivered,
    Open(Intent),
    /// Look at the ticket and act on it if the plan says so.
    Check,
}

/// A request the buyer will make.
#[derive(Clone, Debug)]
struct Intent {
    kind: TicketKind,
    reason: Reason,
    /// Whether the claim is true: merchants and arbitrators lean on it.
    founded: bool,
}

/// What happened to one ticket, recorded when it ends (or when the simulation does).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TicketRecord {
    pub order_index: u64,
    pub merchant: usize,
    pub kind: &'static str,
    pub reason: &'static str,
    pub founded: bool,
    pub opened_at: i64,
    /// Microseconds at the end, `None` when still open at the end of the simulation.
    pub ended_at: Option<i64>,
    pub end_state: &'static str,
    pub amount_minor: i64,
    pub refunded_minor: i64,
    /// The automatic rule that approved it, by code, and the strategy name.
    pub auto_rule: Option<&'static str>,
    pub strategy: Option<String>,
    pub overdue_approved: bool,
    pub disputed: bool,
    pub merchant_responsible: bool,
    /// An arbitrator gave the verdict.
    pub verdict: bool,
    /// The merchant's staff answered the request themselves.
    pub merchant_decided: bool,
    /// Refunded by a fast refund while the parcel had in fact left without a tracking number.
    pub fast_refund_loss_minor: i64,
    /// Refunded without the goods coming back (refund only after the parcel left).
    pub goods_lost_minor: i64,
}

/// The plan for the ticket's current state: who acts when, and whether they act at all.
#[derive(Clone, Debug)]
struct Plan {
    version: u64,
    act_at: Option<Timestamp>,
}

#[derive(Clone, Debug)]
struct TicketTrack {
    id: TicketId,
    founded: bool,
    shipped_physically_at_open: bool,
    plan: Option<Plan>,
    merchant_decided: bool,
    verdict: bool,
    last_state: StateName,
    record: TicketRecord,
}

/// One order's agent.
#[derive(Debug)]
pub struct Agent {
    pub index: u64,
    id: OrderId,
    merchant: usize,
    buyer: usize,
    category: usize,
    paid_minor: i64,
    paid_at: Timestamp,
    rng: Rng,
    steps: Vec<(Timestamp, u32, Step)>,
    seq: u32,
    shipped_at: Option<Timestamp>,
    delivered_at: Option<Timestamp>,
    signer: Signer,
    lost: bool,
    parcel_stopped: bool,
    ticket: Option<TicketTrack>,
    pub commands: u64,
    /// Commands the engine refused, by code.
    pub refusals: Vec<&'static str>,
    pub finished: Vec<TicketRecord>,
}

/// What an agent's wake-up produced for the tallies.
impl Agent {
    /// A new order, paid at a tick of `day`.
    pub fn new(world: &World, seed: u64, index: u64, day_start: Timestamp) -> Agent {
        let model = &world.model;
        let mut rng = Rng::stream(seed, Stream::Order, index);
        let ticks_per_day = 1440 / u64::from(model.tick_minutes);
        let paid_at = day_start
            .checked_add(world.tick * (rng.below(ticks_per_day) as i32))
            .expect("in range");
        let merchant = world.merchant_for(&mut rng);
        let buyer = rng.below(world.buyers.len() as u64) as usize;
        let weights: Vec<f64> = model.categories.iter().map(|c| c.share).collect();
        let category = rng.weighted(&weights);
        let price = rng.spread(&model.categories[category].price_yuan);
        let paid_minor = ((price * 100.0).round() as i64).max(1);
        let mut agent = Agent {
            index,
            id: OrderId::parse(&format!("o{index:09}")).expect("valid id"),
            merchant,
            buyer,
            category,
            paid_minor,
            paid_at,
            rng,
            steps: Vec::new(),
            seq: 0,
            shipped_at: None,
            delivered_at: None,
            signer: Signer::Buyer,
            lost: false,
            parcel_stopped: false,
            ticket: None,
            commands: 0,
            refusals: Vec::new(),
            finished: Vec::new(),
        };
        agent.plan_order(world);
        agent
    }

    fn push(&mut self, at: Timestamp, step: Step) {
        self.seq += 1;
        self.steps.push((at, self.seq, step));
    }

    /// When the agent next has something to do.
    pub fn next_wake(&self) -> Option<Timestamp> {
        self.steps.iter().map(|(at, _, _)| *at).min()
    }

    /// Draw the order's whole physical course and the buyer's request, if any.
    fn plan_order(&mut self, world: &World) {
        let model = &world.model;
        let merchant = &world.merchants[self.merchant];
        let profile = &model.profiles[merchant.profile];
        let buyer = &world.buyers[self.buyer];
        let category = &model.categories[self.category];
        let logistics = &model.logistics;
        let rng = &mut self.rng;

        let ship_at = plus(self.paid_at, rng.spread(&profile.ship_hours));
        let tracking_at = if rng.chance(profile.tracking_lapse_share) {
            plus(ship_at, rng.spread(&profile.tracking_lapse_hours))
        } else {
            ship_at
        };
        let mut transit = rng.spread(&logistics.transit_hours);
        let stalled = rng.chance(logistics.stall_share);
        if stalled {
            transit += rng.spread(&logistics.stall_hours);
        }
        let lost = rng.chance(logistics.loss_share);
        let delivered_at = plus(ship_at, transit).max(plus(tracking_at, 1.0));
        let signer_draw = rng.unit();
        let signer = if signer_draw < logistics.proxy_share {
            Signer::Proxy
        } else if signer_draw < logistics.proxy_share + logistics.locker_with_consent_share {
            Signer::LockerWithConsent
        } else if signer_draw
            < logistics.proxy_share
                + logistics.locker_with_consent_share
                + logistics.locker_without_consent_share
        {
            Signer::LockerWithoutConsent
        } else {
            Signer::Buyer
        };
        let multiplier = if buyer.abuser {
            model.buyers.abuser_request_multiplier
        } else {
            1.0
        };

        // At most one request per order, the first that happens on its course.
        let intent = if rng.chance((category.cancel_share * multiplier).min(1.0)) {
            // Changed mind before the parcel arrives: usually within a day of paying.
            let at = plus(self.paid_at, rng.unit() * 30.0);
            Some((
                at,
                Intent {
                    kind: TicketKind::RefundOnly,
                    reason: Reason::DontWant,
                    founded: true,
                },
            ))
        } else if tracking_at > plus(self.paid_at, model.buyers.unshipped_patience_hours)
            && rng.chance(model.buyers.unshipped_request_share)
        {
            // The order still shows unshipped: the buyer asks for the money back, though
            // the parcel may already be on its way.
            let patience = model.buyers.unshipped_patience_hours;
            let waited = tracking_at.duration_since(self.paid_at).as_secs_f64() / 3600.0;
            let at = plus(self.paid_at, patience + rng.unit() * (waited - patience));
            Some((
                at,
                Intent {
                    kind: TicketKind::RefundOnly,
                    reason: Reason::DontWant,
                    founded: true,
                },
            ))
        } else if lost {
            Some((
                plus(delivered_at, 72.0),
                Intent {
                    kind: TicketKind::RefundOnly,
                    reason: Reason::NotReceived,
                    founded: true,
                },
            ))
        } else if stalled && rng.chance(logistics.stall_request_share) {
            Some((
                plus(ship_at, 96.0).min(plus(delivered_at, -1.0)),
                Intent {
                    kind: TicketKind::RefundOnly,
                    reason: Reason::LogisticsStalled,
                    founded: true,
                },
            ))
        } else if signer == Signer::LockerWithoutConsent
            && rng.chance(logistics.locker_complaint_share)
        {
            Some((
                plus(delivered_at, 2.0 + rng.unit() * 46.0),
                Intent {
                    kind: TicketKind::RefundOnly,
                    reason: Reason::NotReceived,
                    founded: true,
                },
            ))
        } else {
            let after = plus(delivered_at, 6.0 + rng.unit() * 114.0);
            let draw = rng.unit();
            let defect = category.defect_share;
            let returns = (category.return_share * multiplier).min(1.0 - defect);
            if draw < defect {
                let reasons = [
                    Reason::QualityProblem,
                    Reason::NotAsDescribed,
                    Reason::DamagedInTransit,
                    Reason::WrongItem,
                    Reason::MissingItems,
                ];
                let reason = reasons[rng.weighted(&[0.45, 0.25, 0.15, 0.1, 0.05])];
                let kind = [
                    TicketKind::ReturnAndRefund,
                    TicketKind::RefundOnly,
                    TicketKind::Exchange,
                ][rng.weighted(&[0.6, 0.3, 0.1])];
                Some((
                    after,
                    Intent {
                        kind,
                        reason,
                        founded: true,
                    },
                ))
            } else if draw < defect + returns {
                if buyer.abuser && rng.chance(0.5) {
                    // An unfounded fault claim, to keep the goods and the money.
                    let reason =
                        [Reason::NotAsDescribed, Reason::QualityProblem][rng.weighted(&[0.5, 0.5])];
                    Some((
                        after,
                        Intent {
                            kind: TicketKind::RefundOnly,
                            reason,
                            founded: false,
                        },
                    ))
                } else if category.seven_day_return {
                    Some((
                        plus(delivered_at, 6.0 + rng.unit() * 100.0),
                        Intent {
                            kind: TicketKind::ReturnAndRefund,
                            reason: Reason::NoReasonSevenDay,
                            founded: true,
                        },
                    ))
                } else {
                    Some((
                        after,
                        Intent {
                            kind: TicketKind::ReturnAndRefund,
                            reason: Reason::DontWant,
                            founded: false,
                        },
                    ))
                }
            } else {
                None
            }
        };

        self.shipped_at = Some(ship_at);
        self.delivered_at = (!lost).then_some(delivered_at);
        self.signer = signer;
        self.lost = lost;
        let origin = self.paid_at;
        self.push(self.paid_at, Step::Place);
        self.push(world.on_grid(origin, ship_at), Step::Ship);
        self.push(world.on_grid(origin, tracking_at), Step::Tracking);
        let in_transit = plus(ship_at, 6.0).max(plus(tracking_at, 1.0));
        if in_transit < delivered_at {
            self.push(world.on_grid(origin, in_transit), Step::InTransit);
        }
        if !lost {
            self.push(world.on_grid(origin, delivered_at), Step::Delivered);
        }
        if let Some((at, intent)) = intent {
            self.push(
                world.on_grid(origin, at.max(self.paid_at)),
                Step::Open(intent),
            );
        }
    }

    /// Do everything due by `now`, in order.
    pub async fn wake(&mut self, engine: &Engine<AnyStore>, world: &World, now: Timestamp) {
        loop {
            let due = self
                .steps
                .iter()
                .enumerate()
                .filter(|(_, (at, _, _))| *at <= now)
                .min_by_key(|(_, (at, seq, _))| (*at, *seq))
                .map(|(i, _)| i);
            let Some(i) = due else { return };
            let (_, _, step) = self.steps.swap_remove(i);
            self.step(engine, world, now, step).await;
        }
    }

    async fn submit(
        &mut self,
        engine: &Engine<AnyStore>,
        actor: Actor,
        command: OrderCommand,
    ) -> Result<(), Rejection> {
        let submission = Submission::new(
            actor,
            Command::Order {
                order: self.id.clone(),
                command,
            },
        );
        match engine.execute(submission).await {
            Ok(_) => {
                self.commands += 1;
                Ok(())
            }
            Err(EngineError::Rejected(rejection)) => {
                self.refusals.push(rejection.code());
                Err(rejection)
            }
            Err(other) => panic!("the engine failed under the simulation: {other}"),
        }
    }

    async fn ticket_action(
        &mut self,
        engine: &Engine<AnyStore>,
        actor: Actor,
        action: TicketAction,
    ) -> Result<(), Rejection> {
        let ticket = self.ticket.as_ref().expect("a ticket").id.clone();
        self.submit(
            engine,
            actor,
            OrderCommand::Ticket {
                ticket,
                expected_version: None,
                action,
            },
        )
        .await
    }

    async fn step(&mut self, engine: &Engine<AnyStore>, world: &World, now: Timestamp, step: Step) {
        let merchant_actor = Actor::Merchant(world.merchants[self.merchant].id.clone());
        match step {
            Step::Place => {
                let category = &world.model.categories[self.category];
                let money = Money::new(self.paid_minor, world.currency).expect("positive");
                let order = NewOrder {
                    id: self.id.clone(),
                    merchant: world.merchants[self.merchant].id.clone(),
                    buyer: world.buyers[self.buyer].id.clone(),
                    items: vec![OrderItem {
                        id: ItemId::parse("1").expect("valid"),
                        product: ProductId::parse(&format!("p{}-{}", self.merchant, self.category))
                            .expect("valid"),
                        category: category.name.clone(),
                        quantity: 1,
                        amount: money,
                        flags: ItemFlags {
                            seven_day_return: category.seven_day_return,
                            custom: category.custom,
                            virtual_goods: category.virtual_goods,
                        },
                    }],
                    paid: money,
                    paid_at: now,
                };
                let _ = self
                    .submit(engine, Actor::Integration, OrderCommand::Place(order))
                    .await;
            }
            Step::Ship => {
                // A merchant does not send goods already refunded.
                if let Some(track) = &self.ticket
                    && matches!(track.last_state, StateName::Refunding | StateName::Refunded)
                {
                    self.parcel_stopped = true;
                    self.steps.retain(|(_, _, s)| {
                        !matches!(s, Step::Tracking | Step::InTransit | Step::Delivered)
                    });
                }
            }
            Step::Tracking => {
                let tracking = format!("SF{:010}", self.index);
                if self
                    .submit(
                        engine,
                        Actor::Integration,
                        OrderCommand::Parcel(ParcelUpdate::TrackingEntered { tracking }),
                    )
                    .await
                    .is_err()
                {
                    self.parcel_stopped = true;
                }
            }
            Step::InTransit => {
                if !self.parcel_stopped {
                    let _ = self
                        .submit(
                            engine,
                            Actor::Integration,
                            OrderCommand::Parcel(ParcelUpdate::InTransit),
                        )
                        .await;
                }
            }
            Step::Delivered => {
                if !self.parcel_stopped {
                    let signer = self.signer;
                    if self
                        .submit(
                            engine,
                            Actor::Integration,
                            OrderCommand::Parcel(ParcelUpdate::Delivered { signer }),
                        )
                        .await
                        .is_err()
                    {
                        self.parcel_stopped = true;
                    }
                }
            }
            Step::Open(intent) => {
                let ticket = TicketId::parse(&format!("t{:09}", self.index)).expect("valid");
                let buyer_actor = Actor::Buyer(world.buyers[self.buyer].id.clone());
                let evidence = match intent.reason {
                    Reason::QualityProblem
                    | Reason::NotAsDescribed
                    | Reason::DamagedInTransit
                    | Reason::WrongItem
                    | Reason::MissingItems => vec![evidence(EvidenceKind::Photos)],
                    _ => Vec::new(),
                };
                let new = NewTicket {
                    id: ticket.clone(),
                    kind: intent.kind,
                    reason: intent.reason,
                    amount: Money::new(self.paid_minor, world.currency).expect("positive"),
                    items: Vec::new(),
                    description: String::new(),
                    evidence,
                };
                let shipped = self.shipped_at.is_some_and(|s| s <= now) && !self.parcel_stopped;
                if self
                    .submit(engine, buyer_actor, OrderCommand::OpenTicket(new))
                    .await
                    .is_ok()
                {
                    self.ticket = Some(TicketTrack {
                        id: ticket,
                        founded: intent.founded,
                        shipped_physically_at_open: shipped,
                        plan: None,
                        merchant_decided: false,
                        verdict: false,
                        last_state: StateName::Requested,
                        record: TicketRecord {
                            order_index: self.index,
                            merchant: self.merchant,
                            kind: intent.kind.as_str(),
                            reason: intent.reason.as_str(),
                            founded: intent.founded,
                            opened_at: now.as_microsecond(),
                            amount_minor: self.paid_minor,
                            end_state: "open",
                            ..TicketRecord::default()
                        },
                    });
                    self.push(now, Step::Check);
                }
            }
            Step::Check => self.check(engine, world, now, merchant_actor).await,
        }
    }

    async fn load(&self, engine: &Engine<AnyStore>, world: &World) -> Order {
        let key = StreamKey::Order {
            merchant: world.merchants[self.merchant].id.clone(),
            order: self.id.clone(),
        };
        match engine.store().load(&key).await {
            Ok(Some(State::Order(order))) => order,
            other => panic!("order {} could not be read back: {other:?}", self.id),
        }
    }

    /// Look at the ticket; plan the next move for its state, or make it if it is due.
    async fn check(
        &mut self,
        engine: &Engine<AnyStore>,
        world: &World,
        now: Timestamp,
        merchant_actor: Actor,
    ) {
        let order = self.load(engine, world).await;
        let track_id = self
            .ticket
            .as_ref()
            .expect("checked tickets exist")
            .id
            .clone();
        let ticket = order
            .tickets
            .get(&track_id)
            .expect("the ticket exists")
            .clone();
        self.observe(&order, &ticket);
        if ticket.state.is_terminal() {
            let track = self.ticket.as_mut().expect("a ticket");
            let record = &mut track.record;
            record.ended_at = Some(match &ticket.state {
                TicketState::Refunded { at, .. }
                | TicketState::Completed { at }
                | TicketState::Closed { at, .. } => at.as_microsecond(),
                _ => now.as_microsecond(),
            });
            self.finished.push(track.record.clone());
            self.ticket = None;
            return;
        }
        let deadline = ticket.deadline().map(|d| d.due_at);
        let track = self.ticket.as_ref().expect("a ticket");
        let fresh = track
            .plan
            .as_ref()
            .is_none_or(|p| p.version != ticket.version);
        if fresh {
            let act_at = self.plan_state(world, now, &order, &ticket);
            let act_at = act_at.map(|at| world.on_grid(self.paid_at, at).max(now));
            self.ticket.as_mut().expect("a ticket").plan = Some(Plan {
                version: ticket.version,
                act_at,
            });
        }
        let act_at = self
            .ticket
            .as_ref()
            .and_then(|t| t.plan.as_ref())
            .and_then(|p| p.act_at);
        match act_at {
            Some(at) if at <= now => {
                // Acting uses the plan up; the next check plans again from the new state.
                if let Some(plan) = self.ticket.as_mut().and_then(|t| t.plan.as_mut()) {
                    plan.act_at = None;
                }
                self.act(engine, world, now, &order, &ticket, merchant_actor)
                    .await;
                self.push(now, Step::Check);
            }
            _ => {
                // Look again when someone acts or the deadline passes, whichever is first.
                let after_deadline = deadline.map(|d| {
                    world
                        .on_grid(self.paid_at, plus(d, 0.0))
                        .max(plus(now, 0.01))
                });
                let next = match (act_at, after_deadline) {
                    (Some(a), Some(d)) => Some(a.min(d)),
                    (a, d) => a.or(d),
                };
                // With neither (a refund waiting on an operator) the ticket stays open to
                // the end of the simulation.
                if let Some(at) = next {
                    let at = world.on_grid(self.paid_at, at);
                    self.push(at, Step::Check);
                }
            }
        }
    }

    /// Note what the engine did to the ticket, for the record.
    fn observe(&mut self, order: &Order, ticket: &redress_domain::Ticket) {
        let track = self.ticket.as_mut().expect("a ticket");
        track.last_state = ticket.state.name();
        let record = &mut track.record;
        record.end_state = ticket.state.name().as_str();
        record.refunded_minor = ticket.refunded.minor();
        record.overdue_approved = ticket.overdue_approved;
        record.auto_rule = ticket.auto_rule.as_ref().map(|r| r.code());
        record.strategy = match &ticket.auto_rule {
            Some(redress_domain::Rule::Strategy { name, .. }) => Some(name.clone()),
            _ => None,
        };
        record.disputed = ticket.dispute.is_some();
        record.merchant_responsible = ticket
            .dispute
            .as_ref()
            .is_some_and(|d| d.merchant_responsible());
        record.verdict = track.verdict;
        record.merchant_decided = track.merchant_decided;
        let fast = matches!(
            ticket.auto_rule,
            Some(
                redress_domain::Rule::PlatformFastRefund | redress_domain::Rule::MerchantFastRefund
            )
        );
        let parcel_went = track.shipped_physically_at_open
            && !matches!(order.fulfilment.stage(), FulfilmentStage::Returning);
        record.fast_refund_loss_minor = if fast && parcel_went {
            ticket.refunded.minor()
        } else {
            0
        };
        record.goods_lost_minor = if ticket.kind == TicketKind::RefundOnly && parcel_went {
            ticket.refunded.minor()
        } else {
            0
        };
    }

    /// When the party whose turn it is will act, or `None` if nobody will.
    fn plan_state(
        &mut self,
        world: &World,
        now: Timestamp,
        order: &Order,
        ticket: &redress_domain::Ticket,
    ) -> Option<Timestamp> {
        let model = &world.model;
        let merchant = &world.merchants[self.merchant];
        let profile = &model.profiles[merchant.profile];
        let buyer = &world.buyers[self.buyer];
        let founded = self.ticket.as_ref().is_some_and(|t| t.founded);
        let rng = &mut self.rng;
        let scaled = |rng: &mut Rng, s: &Spread, factor: f64| rng.spread(s) * factor;
        match &ticket.state {
            TicketState::Requested { .. } => Some(plus(
                now,
                scaled(rng, &profile.response_hours, merchant.response_factor),
            )),
            // The buyer refuses the parcel at the door.
            TicketState::AwaitingRefusal { .. } => {
                let at = self.delivered_at?;
                Some(plus(at, -1.0).max(now))
            }
            TicketState::AwaitingReturn { .. } => (!rng.chance(model.buyers.return_abandon_share))
                .then(|| plus(now, rng.spread(&model.buyers.return_ship_hours))),
            TicketState::ReturnInTransit { shipped_at, .. } => Some(plus(
                *shipped_at,
                rng.spread(&model.logistics.return_transit_hours),
            )),
            TicketState::ReturnReceived { .. } => Some(plus(
                now,
                scaled(rng, &profile.return_confirm_hours, merchant.response_factor),
            )),
            TicketState::AwaitingMerchantShipment { .. } => {
                Some(plus(now, rng.spread(&profile.ship_hours)))
            }
            TicketState::ReplacementInTransit { .. } => {
                Some(plus(now, rng.spread(&model.logistics.transit_hours)))
            }
            TicketState::Rejected { .. } => {
                let share = if founded {
                    model.buyers.escalation_share
                } else if buyer.abuser {
                    model.buyers.abuser_escalation_share
                } else {
                    model.buyers.escalation_share / 2.0
                };
                rng.chance(share)
                    .then(|| plus(now, rng.spread(&model.buyers.escalation_hours)))
            }
            TicketState::InDispute {
                phase: DisputePhase::Evidence { .. },
            } => {
                let share = if founded {
                    profile.settle_share
                } else {
                    profile.settle_share / 4.0
                };
                rng.chance(share)
                    .then(|| plus(now, scaled(rng, &profile.response_hours, 0.5)))
            }
            TicketState::InDispute {
                phase: DisputePhase::AwaitingVerdict,
            } => Some(plus(now, rng.spread(&model.arbitration.verdict_hours))),
            TicketState::Refunding { retry_at: None, .. } => {
                Some(plus(now, rng.spread(&model.payments.refund_minutes) / 60.0))
            }
            TicketState::Refunding {
                retry_at: Some(_), ..
            } => None,
            TicketState::Refunded { .. }
            | TicketState::Completed { .. }
            | TicketState::Closed { .. } => {
                let _ = order;
                None
            }
        }
    }

    /// The move of the party whose turn it is.
    async fn act(
        &mut self,
        engine: &Engine<AnyStore>,
        world: &World,
        now: Timestamp,
        order: &Order,
        ticket: &redress_domain::Ticket,
        merchant_actor: Actor,
    ) {
        let model = &world.model;
        let merchant = &world.merchants[self.merchant];
        let profile = &model.profiles[merchant.profile];
        let buyer_actor = Actor::Buyer(world.buyers[self.buyer].id.clone());
        let founded = self.ticket.as_ref().is_some_and(|t| t.founded);
        match &ticket.state {
            TicketState::Requested { .. } => {
                let reject_share = if founded {
                    profile.reject_founded_share
                } else {
                    profile.reject_unfounded_share
                } * merchant.reject_factor;
                let reject = self.rng.chance(reject_share);
                let diligent = self.rng.chance(profile.evidence_diligence);
                let refuse_and_refund = self.rng.chance(profile.refuse_and_refund_share);
                if let Some(track) = self.ticket.as_mut() {
                    track.merchant_decided = true;
                }
                if reject {
                    let evidence = if diligent {
                        required_evidence(ticket, Side::Merchant)
                            .iter()
                            .map(|k| self::evidence(*k))
                            .collect()
                    } else {
                        Vec::new()
                    };
                    let rejected = self
                        .ticket_action(
                            engine,
                            merchant_actor.clone(),
                            TicketAction::Reject {
                                ground: RejectGround::Request,
                                reason: "不符合售后条件".to_owned(),
                                evidence,
                            },
                        )
                        .await;
                    if rejected.is_ok() {
                        return;
                    }
                }
                let on_its_way = matches!(
                    order.fulfilment.stage(),
                    FulfilmentStage::Shipped | FulfilmentStage::InTransit
                );
                let action = if ticket.kind == TicketKind::RefundOnly
                    && on_its_way
                    && refuse_and_refund
                    && self.delivered_at.is_some_and(|d| d > now)
                {
                    TicketAction::ApproveAfterRefusal
                } else {
                    TicketAction::Approve
                };
                let _ = self.ticket_action(engine, merchant_actor, action).await;
            }
            TicketState::AwaitingRefusal { .. } => {
                if self
                    .submit(
                        engine,
                        Actor::Integration,
                        OrderCommand::Parcel(ParcelUpdate::Refused),
                    )
                    .await
                    .is_ok()
                {
                    self.parcel_stopped = true;
                    self.steps
                        .retain(|(_, _, s)| !matches!(s, Step::InTransit | Step::Delivered));
                }
            }
            TicketState::AwaitingReturn { .. } => {
                let tracking = format!("YT{:010}", self.index);
                let _ = self
                    .ticket_action(engine, buyer_actor, TicketAction::ShipReturn { tracking })
                    .await;
            }
            TicketState::ReturnInTransit { .. } => {
                let _ = self
                    .ticket_action(engine, Actor::Integration, TicketAction::ReturnSigned)
                    .await;
            }
            TicketState::ReturnReceived { .. } => {
                let _ = self
                    .ticket_action(engine, merchant_actor, TicketAction::ConfirmReturn)
                    .await;
            }
            TicketState::AwaitingMerchantShipment { .. } => {
                let tracking = format!("ZT{:010}", self.index);
                let _ = self
                    .ticket_action(
                        engine,
                        merchant_actor,
                        TicketAction::ShipReplacement { tracking },
                    )
                    .await;
            }
            TicketState::ReplacementInTransit { .. } => {
                let _ = self
                    .ticket_action(
                        engine,
                        Actor::Integration,
                        TicketAction::ReplacementDelivered,
                    )
                    .await;
            }
            TicketState::Rejected { .. } => {
                let evidence = required_evidence(ticket, Side::Buyer)
                    .iter()
                    .map(|k| self::evidence(*k))
                    .collect();
                let _ = self
                    .ticket_action(
                        engine,
                        buyer_actor,
                        TicketAction::Escalate {
                            note: "商家拒绝,申请平台介入".to_owned(),
                            evidence,
                        },
                    )
                    .await;
            }
            TicketState::InDispute {
                phase: DisputePhase::Evidence { .. },
            } => {
                let _ = self
                    .ticket_action(engine, merchant_actor, TicketAction::SettleDispute)
                    .await;
            }
            TicketState::InDispute {
                phase: DisputePhase::AwaitingVerdict,
            } => {
                let arbitration = &model.arbitration;
                let suggestion = suggest(order, ticket)
                    .filter(|_| self.rng.chance(arbitration.follow_suggestion_share));
                let (responsibility, outcome) = match suggestion {
                    Some(s) => (s.responsibility, s.outcome),
                    None => {
                        let share = if founded {
                            arbitration.merchant_founded_share
                        } else {
                            arbitration.merchant_unfounded_share
                        };
                        if self.rng.chance(share) {
                            (Responsibility::Merchant, VerdictOutcome::FullRefund)
                        } else {
                            (Responsibility::Buyer, VerdictOutcome::NoRefund)
                        }
                    }
                };
                if let Some(track) = self.ticket.as_mut() {
                    track.verdict = true;
                }
                let _ = self
                    .ticket_action(
                        engine,
                        Actor::Arbitrator(world.arbitrator.clone()),
                        TicketAction::GiveVerdict {
                            responsibility,
                            outcome,
                            reasoning: "模拟仲裁".to_owned(),
                        },
                    )
                    .await;
            }
            TicketState::Refunding { .. } => {
                let action = if self.rng.chance(model.payments.failure_share) {
                    TicketAction::RefundFailed {
                        reason: "银行退款失败".to_owned(),
                    }
                } else {
                    TicketAction::RefundSucceeded {
                        payment_reference: format!("PAY{:010}", self.index),
                    }
                };
                let _ = self.ticket_action(engine, Actor::Integration, action).await;
            }
            TicketState::Refunded { .. }
            | TicketState::Completed { .. }
            | TicketState::Closed { .. } => {}
        }
    }

    /// At the end of the simulation: the record of a ticket still open.
    pub fn close_out(&mut self) {
        if let Some(track) = self.ticket.take() {
            self.finished.push(track.record);
        }
    }
}

fn evidence(kind: EvidenceKind) -> Evidence {
    Evidence {
        kind,
        reference: format!("sim:{}", kind.as_str()),
        note: String::new(),
    }
}

/// Shared handle for spawning agents' wake-ups.
pub type SharedWorld = Arc<World>;
