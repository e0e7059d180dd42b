//! The actors: merchants, buyers, and one agent per order that plays the order's buyer,
//! merchant, carrier, payment system and arbitrator against the engine.
//!
//! An agent never predicts what the engine will do. It reads the ticket back (through the
//! [`Driver`], in-process or over HTTP) after acting and plans the next move from the
//! ticket's real state, so deadlines, automatic policies and refusals are the engine's alone. Every draw comes from the order's own stream, so the
//! agents of one tick can run concurrently without changing any draw.

mod lines;

use crate::driver::{Answer, Driver, TicketView};
use crate::model::{Model, Spread};
use crate::rng::{Rng, Stream};
use crate::run::SimError;
use redress_domain::dispute::{Responsibility, VerdictOutcome};
use redress_domain::evidence::{Evidence, EvidenceKind};
use redress_domain::{
    Actor, BuyerId, Currency, FulfilmentStage, MerchantId, Money, NewOrder, NewTicket,
    OrderCommand, OrderId, ParcelUpdate, Reason, RejectGround, Rule, Signer, StaffId, StateName,
    TicketAction, TicketId, TicketKind, Timestamp,
};
use redress_engine::Command;

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
    pub auto_rule: Option<String>,
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
    pub refusals: Vec<String>,
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
            id: order_id(index),
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
    pub async fn wake<D: Driver>(
        &mut self,
        driver: &D,
        world: &World,
        now: Timestamp,
    ) -> Result<(), SimError> {
        loop {
            let due = self
                .steps
                .iter()
                .enumerate()
                .filter(|(_, (at, _, _))| *at <= now)
                .min_by_key(|(_, (at, seq, _))| (*at, *seq))
                .map(|(i, _)| i);
            let Some(i) = due else { return Ok(()) };
            let (_, _, step) = self.steps.swap_remove(i);
            self.step(driver, world, now, step).await?;
        }
    }

    /// Submit `command` on this order; whether the engine accepted it.
    async fn submit<D: Driver>(
        &mut self,
        driver: &D,
        actor: Actor,
        command: OrderCommand,
    ) -> Result<bool, SimError> {
        let command = Command::Order {
            order: self.id.clone(),
            command,
        };
        match driver.submit(actor, command).await? {
            Answer::Accepted => {
                self.commands += 1;
                Ok(true)
            }
            Answer::Refused(code) => {
                self.refusals.push(code);
                Ok(false)
            }
        }
    }

    async fn ticket_action<D: Driver>(
        &mut self,
        driver: &D,
        actor: Actor,
        action: TicketAction,
    ) -> Result<bool, SimError> {
        let ticket = self.ticket.as_ref().expect("a ticket").id.clone();
        self.submit(
            driver,
            actor,
            OrderCommand::Ticket {
                ticket,
                expected_version: None,
                action,
            },
        )
        .await
    }

    async fn step<D: Driver>(
        &mut self,
        driver: &D,
        world: &World,
        now: Timestamp,
        step: Step,
    ) -> Result<(), SimError> {
        let merchant_actor = Actor::Merchant(world.merchants[self.merchant].id.clone());
        match step {
            Step::Place => {
                let money = Money::new(self.paid_minor, world.currency).expect("positive");
                let order = NewOrder {
                    id: self.id.clone(),
                    merchant: world.merchants[self.merchant].id.clone(),
                    buyer: world.buyers[self.buyer].id.clone(),
                    items: lines::order_lines(
                        world,
                        self.merchant,
                        self.category,
                        self.index,
                        self.paid_minor,
                    ),
                    paid: money,
                    paid_at: now,
                    creator: None,
                    shipping_fee: Money::zero(world.currency),
                    freight_insurance: false,
                };
                self.submit(driver, Actor::Integration, OrderCommand::Place(order))
                    .await?;
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
                for command in lines::tracking(self.index, self.paid_minor, &tracking) {
                    if !self.submit(driver, Actor::Integration, command).await? {
                        self.parcel_stopped = true;
                    }
                }
            }
            Step::InTransit => {
                if !self.parcel_stopped {
                    for update in lines::news(self.index, self.paid_minor, ParcelUpdate::InTransit)
                    {
                        self.submit(driver, Actor::Integration, update).await?;
                    }
                }
            }
            Step::Delivered => {
                if !self.parcel_stopped {
                    let signer = self.signer;
                    let delivered = ParcelUpdate::Delivered { signer };
                    for update in lines::news(self.index, self.paid_minor, delivered) {
                        if !self.submit(driver, Actor::Integration, update).await? {
                            self.parcel_stopped = true;
                        }
                    }
                }
            }
            Step::Open(intent) => {
                let ticket = ticket_id(self.index);
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
                    amount: Some(Money::new(self.paid_minor, world.currency).expect("positive")),
                    items: Vec::new(),
                    description: String::new(),
                    evidence,
                };
                let shipped = self.shipped_at.is_some_and(|s| s <= now) && !self.parcel_stopped;
                if self
                    .submit(driver, buyer_actor, OrderCommand::OpenTicket(new))
                    .await?
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
            Step::Check => self.check(driver, world, now, merchant_actor).await?,
        }
        Ok(())
    }

    /// Look at the ticket; plan the next move for its state, or make it if it is due.
    async fn check<D: Driver>(
        &mut self,
        driver: &D,
        world: &World,
        now: Timestamp,
        merchant_actor: Actor,
    ) -> Result<(), SimError> {
        let track_id = self
            .ticket
            .as_ref()
            .expect("checked tickets exist")
            .id
            .clone();
        let merchant = &world.merchants[self.merchant].id;
        let view = driver.ticket(merchant, &self.id, &track_id).await?;
        self.observe(&view);
        if let Some(ended_at) = view.ended_at {
            let mut track = self.ticket.take().expect("a ticket");
            track.record.ended_at = Some(ended_at.as_microsecond());
            self.finished.push(track.record);
            return Ok(());
        }
        let deadline = view.deadline.map(|d| d.due_at);
        let track = self.ticket.as_ref().expect("a ticket");
        let fresh = track
            .plan
            .as_ref()
            .is_none_or(|p| p.version != view.version);
        if fresh {
            let act_at = self.plan_state(world, now, &view)?;
            let act_at = act_at.map(|at| world.on_grid(self.paid_at, at).max(now));
            self.ticket.as_mut().expect("a ticket").plan = Some(Plan {
                version: view.version,
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
                self.act(driver, world, now, &view, merchant_actor).await?;
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
        Ok(())
    }

    /// Note what the engine did to the ticket, for the record.
    fn observe(&mut self, view: &TicketView) {
        let track = self.ticket.as_mut().expect("a ticket");
        track.last_state = view.state;
        let record = &mut track.record;
        record.end_state = view.state.as_str();
        record.refunded_minor = view.refunded_minor;
        record.overdue_approved = view.overdue_approved;
        record.auto_rule = view.auto_rule.clone();
        record.strategy = view.strategy.as_deref().map(strategy_name);
        record.disputed = view.disputed;
        record.merchant_responsible = view.merchant_responsible;
        record.verdict = track.verdict;
        record.merchant_decided = track.merchant_decided;
        let fast = view.auto_rule.as_deref().is_some_and(|code| {
            code == Rule::PlatformFastRefund.code() || code == Rule::MerchantFastRefund.code()
        });
        let parcel_went =
            track.shipped_physically_at_open && view.fulfilment != FulfilmentStage::Returning;
        record.fast_refund_loss_minor = if fast && parcel_went {
            view.refunded_minor
        } else {
            0
        };
        record.goods_lost_minor = if view.kind == TicketKind::RefundOnly && parcel_went {
            view.refunded_minor
        } else {
            0
        };
    }

    /// When the party whose turn it is will act, or `None` if nobody will.
    fn plan_state(
        &mut self,
        world: &World,
        now: Timestamp,
        view: &TicketView,
    ) -> Result<Option<Timestamp>, SimError> {
        let model = &world.model;
        let merchant = &world.merchants[self.merchant];
        let profile = &model.profiles[merchant.profile];
        let buyer = &world.buyers[self.buyer];
        let founded = self.ticket.as_ref().is_some_and(|t| t.founded);
        let rng = &mut self.rng;
        let scaled = |rng: &mut Rng, s: &Spread, factor: f64| rng.spread(s) * factor;
        Ok(match view.state {
            StateName::Requested => Some(plus(
                now,
                scaled(rng, &profile.response_hours, merchant.response_factor),
            )),
            // The buyer refuses the parcel at the door.
            StateName::AwaitingRefusal => self.delivered_at.map(|at| plus(at, -1.0).max(now)),
            StateName::AwaitingReturn => (!rng.chance(model.buyers.return_abandon_share))
                .then(|| plus(now, rng.spread(&model.buyers.return_ship_hours))),
            StateName::ReturnInTransit => {
                let shipped_at = view.return_shipped_at.ok_or_else(|| {
                    SimError::Setup(format!(
                        "order {}: a return in transit without its parcel",
                        self.id
                    ))
                })?;
                Some(plus(
                    shipped_at,
                    rng.spread(&model.logistics.return_transit_hours),
                ))
            }
            StateName::ReturnReceived => Some(plus(
                now,
                scaled(rng, &profile.return_confirm_hours, merchant.response_factor),
            )),
            StateName::AwaitingMerchantShipment => Some(plus(now, rng.spread(&profile.ship_hours))),
            StateName::ReplacementInTransit => {
                Some(plus(now, rng.spread(&model.logistics.transit_hours)))
            }
            StateName::Rejected => {
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
            StateName::InDispute if view.awaiting_verdict => {
                Some(plus(now, rng.spread(&model.arbitration.verdict_hours)))
            }
            StateName::InDispute => {
                let share = if founded {
                    profile.settle_share
                } else {
                    profile.settle_share / 4.0
                };
                rng.chance(share)
                    .then(|| plus(now, scaled(rng, &profile.response_hours, 0.5)))
            }
            // A refund that failed waits for its retry, which the engine schedules.
            StateName::Refunding if view.refund_retry_scheduled() => None,
            StateName::Refunding => {
                Some(plus(now, rng.spread(&model.payments.refund_minutes) / 60.0))
            }
            StateName::Refunded | StateName::Completed | StateName::Closed => None,
        })
    }

    /// The move of the party whose turn it is.
    async fn act<D: Driver>(
        &mut self,
        driver: &D,
        world: &World,
        now: Timestamp,
        view: &TicketView,
        merchant_actor: Actor,
    ) -> Result<(), SimError> {
        let model = &world.model;
        let merchant = &world.merchants[self.merchant];
        let profile = &model.profiles[merchant.profile];
        let buyer_actor = Actor::Buyer(world.buyers[self.buyer].id.clone());
        let founded = self.ticket.as_ref().is_some_and(|t| t.founded);
        match view.state {
            StateName::Requested => {
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
                        view.merchant_evidence
                            .iter()
                            .map(|k| self::evidence(*k))
                            .collect()
                    } else {
                        Vec::new()
                    };
                    let rejection = TicketAction::Reject {
                        ground: RejectGround::Request,
                        reason: "不符合售后条件".to_owned(),
                        evidence,
                    };
                    if self
                        .ticket_action(driver, merchant_actor.clone(), rejection)
                        .await?
                    {
                        return Ok(());
                    }
                }
                let on_its_way = matches!(
                    view.fulfilment,
                    FulfilmentStage::Shipped | FulfilmentStage::InTransit
                );
                let action = if view.kind == TicketKind::RefundOnly
                    && on_its_way
                    && refuse_and_refund
                    && self.delivered_at.is_some_and(|d| d > now)
                {
                    TicketAction::ApproveAfterRefusal
                } else {
                    TicketAction::Approve
                };
                self.ticket_action(driver, merchant_actor, action).await?;
            }
            StateName::AwaitingRefusal => {
                let mut refused_all = true;
                for refused in lines::news(self.index, self.paid_minor, ParcelUpdate::Refused) {
                    refused_all &= self.submit(driver, Actor::Integration, refused).await?;
                }
                if refused_all {
                    self.parcel_stopped = true;
                    self.steps
                        .retain(|(_, _, s)| !matches!(s, Step::InTransit | Step::Delivered));
                }
            }
            StateName::AwaitingReturn => {
                let tracking = format!("YT{:010}", self.index);
                self.ticket_action(driver, buyer_actor, TicketAction::ShipReturn { tracking })
                    .await?;
            }
            StateName::ReturnInTransit => {
                self.ticket_action(driver, Actor::Integration, TicketAction::ReturnSigned)
                    .await?;
            }
            StateName::ReturnReceived => {
                self.ticket_action(driver, merchant_actor, TicketAction::ConfirmReturn)
                    .await?;
            }
            StateName::AwaitingMerchantShipment => {
                let tracking = format!("ZT{:010}", self.index);
                let shipment = TicketAction::ShipReplacement { tracking };
                self.ticket_action(driver, merchant_actor, shipment).await?;
            }
            StateName::ReplacementInTransit => {
                let delivered = TicketAction::ReplacementDelivered;
                self.ticket_action(driver, Actor::Integration, delivered)
                    .await?;
            }
            StateName::Rejected => {
                let escalation = TicketAction::Escalate {
                    note: "商家拒绝,申请平台介入".to_owned(),
                    evidence: view
                        .buyer_evidence
                        .iter()
                        .map(|k| self::evidence(*k))
                        .collect(),
                };
                self.ticket_action(driver, buyer_actor, escalation).await?;
            }
            StateName::InDispute if view.awaiting_verdict => {
                let arbitration = &model.arbitration;
                let suggestion = view
                    .suggestion
                    .clone()
                    .filter(|_| self.rng.chance(arbitration.follow_suggestion_share));
                let (responsibility, outcome) = match suggestion {
                    Some(suggested) => suggested,
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
                let verdict = TicketAction::GiveVerdict {
                    responsibility,
                    outcome,
                    reasoning: "模拟仲裁".to_owned(),
                };
                let arbitrator = Actor::Arbitrator(world.arbitrator.clone());
                self.ticket_action(driver, arbitrator, verdict).await?;
            }
            StateName::InDispute => {
                self.ticket_action(driver, merchant_actor, TicketAction::SettleDispute)
                    .await?;
            }
            StateName::Refunding => {
                let action = if self.rng.chance(model.payments.failure_share) {
                    TicketAction::RefundFailed {
                        reason: "银行退款失败".to_owned(),
                    }
                } else {
                    TicketAction::RefundSucceeded {
                        payment_reference: format!("PAY{:010}", self.index),
                    }
                };
                self.ticket_action(driver, Actor::Integration, action)
                    .await?;
            }
            StateName::Refunded | StateName::Completed | StateName::Closed => {}
        }
        Ok(())
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

/// The id of the simulation's order number `index` (and of its one ticket).
pub fn order_id(index: u64) -> OrderId {
    OrderId::parse(&format!("o{index:09}")).expect("valid id")
}

fn ticket_id(index: u64) -> TicketId {
    TicketId::parse(&format!("t{index:09}")).expect("valid id")
}

/// The auto-approve strategies (售后小助手) a merchant of the simulation turns on, by id and
/// name: small no-reason returns approved at once, and the refund made as soon as a return
/// is signed for.
pub const STRATEGIES: [(&str, &str); 2] = [
    ("small-no-reason-returns", "七天无理由小额退货自动同意"),
    ("refund-on-return-signed", "退货签收自动退款"),
];

/// A strategy's name, for the record.
fn strategy_name(id: &str) -> String {
    STRATEGIES
        .iter()
        .find(|(known, _)| *known == id)
        .map_or(id, |(_, name)| name)
        .to_owned()
}
