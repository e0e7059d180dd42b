//! The simulation loop: a virtual clock on a grid of ticks, whatever [`Driver`] reaches the
//! engine. At each tick the engine first catches up (`advance_to` fires every deadline and
//! weekly evaluation due on the way, at its own instant), then every order agent due acts;
//! agents of one tick run side by side so the engine's group commit batches them, and since
//! each touches only its own order, the interleaving changes nothing that is recorded.

use crate::driver::{Driver, RateView};
use crate::market::{Agent, BuyerActor, MerchantActor, STRATEGIES, TicketRecord, World};
use crate::model::Model;
use crate::rng::{Rng, Stream};
use redress_domain::buyer::{BuyerCommand, TrustInputs};
use redress_domain::merchant::{Condition, MerchantCommand, StrategyAction};
use redress_domain::metrics::DayFigures;
use redress_domain::{
    Actor, BuyerId, Currency, Date, MerchantId, Reason, SignedDuration, StaffId, StrategyId,
    TicketKind, Timestamp,
};
use redress_engine::{Command, EngineError};
use redress_store::StoreError;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::sync::Arc;
use tokio::task::JoinSet;

/// Reports progress; the CLI draws a bar, tests ignore it.
pub trait Progress: Send {
    /// Called once buyers and merchants are set up, with the commands that took.
    fn setup_done(&mut self, _commands: u64) {}
    /// Called after each simulated day with the days done and commands so far.
    fn day(&mut self, done: u32, days: u32, commands: u64);
}

/// Progress that goes nowhere.
#[derive(Debug, Default)]
pub struct Silent;

impl Progress for Silent {
    fn day(&mut self, _: u32, _: u32, _: u64) {}
}

#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("the model: {0}")]
    Model(#[from] crate::model::ModelError),
    #[error("the engine: {0}")]
    Engine(#[from] EngineError),
    #[error("the store: {0}")]
    Store(#[from] StoreError),
    #[error("moving the clock: {0}")]
    Clock(String),
    #[error("the server: {0}")]
    Http(String),
    #[error("{0}")]
    Setup(String),
}

/// A merchant as the simulation created it.
#[derive(Clone, Debug, PartialEq)]
pub struct MerchantInfo {
    pub id: MerchantId,
    /// Shop name for display (Chinese in the demo).
    pub name: String,
    pub size: String,
    pub profile: String,
    pub fast_refund: bool,
    pub auto_approve: bool,
}

/// One penalty as the evaluation recorded it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PenaltyRecord {
    pub day: Date,
    pub merchant: usize,
    pub kind: String,
    pub severity: String,
    pub fine_minor: i64,
    pub refund_handling_closed: bool,
}

/// One merchant's dispute intervention rate at one evaluation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateRecord {
    pub day: Date,
    pub merchant: usize,
    pub disputes: i64,
    pub orders: i64,
    pub rate_ppm: Option<i64>,
    pub threshold_ppm: Option<i64>,
    pub verdict: String,
}

/// What a simulation did. Every field is a pure function of seed, model and policy.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub seed: u64,
    pub days: u32,
    pub start: Date,
    pub merchants: Vec<MerchantInfo>,
    pub buyers: Vec<BuyerId>,
    /// The platform's figures day by day, from the engine's own daily rollups.
    pub platform_days: Vec<(Date, DayFigures)>,
    /// Each merchant's figures day by day (merchant index, day, figures); days without
    /// activity are left out.
    pub merchant_days: Vec<(usize, Date, DayFigures)>,
    /// Every ticket, in order of its order.
    pub tickets: Vec<TicketRecord>,
    pub penalties: Vec<PenaltyRecord>,
    pub rates: Vec<RateRecord>,
    /// Weekly evaluations run, by day.
    pub evaluations: Vec<Date>,
    pub orders: u64,
    /// Commands the simulated actors submitted and the engine accepted.
    pub commands: u64,
    /// Deadlines the engine fired on the way.
    pub deadlines_fired: u64,
    /// Commands the engine refused, by code.
    pub refusals: BTreeMap<String, u64>,
}

/// Fill the engine behind `driver` with `days` days of the marketplace of `model`, from
/// midnight of the model's `start` day (the engine's clock must not be later). Weekly
/// evaluations run on the way and their penalties change the merchants' behaviour.
pub async fn run<D: Driver>(
    driver: &D,
    model: &Model,
    seed: u64,
    days: u32,
    progress: &mut dyn Progress,
) -> Result<Outcome, SimError> {
    model.validate()?;
    let zone = jiff::tz::TimeZone::get(&driver.policy().time_zone)
        .map_err(|e| SimError::Setup(format!("time zone {:?}: {e}", driver.policy().time_zone)))?;
    let start_day: Date = model
        .start
        .parse()
        .map_err(|e| SimError::Setup(format!("start {:?}: {e}", model.start)))?;
    let origin = start_day
        .to_zoned(zone.clone())
        .map_err(|e| SimError::Setup(e.to_string()))?
        .timestamp();
    driver.advance_to(origin).await?;

    let mut world = Arc::new(build_world(model, seed)?);
    let mut commands = setup(driver, &world, origin).await?;
    progress.setup_done(commands);
    let mut outcome = Outcome {
        seed,
        days,
        start: start_day,
        merchants: world
            .merchants
            .iter()
            .map(|m| MerchantInfo {
                id: m.id.clone(),
                name: m.name.clone(),
                size: m.size.clone(),
                profile: model.profiles[m.profile].name.clone(),
                fast_refund: m.fast_refund,
                auto_approve: m.auto_approve,
            })
            .collect(),
        buyers: world.buyers.iter().map(|b| b.id.clone()).collect(),
        platform_days: Vec::new(),
        merchant_days: Vec::new(),
        tickets: Vec::new(),
        penalties: Vec::new(),
        rates: Vec::new(),
        evaluations: Vec::new(),
        orders: 0,
        commands: 0,
        deadlines_fired: 0,
        refusals: BTreeMap::new(),
    };

    let mut agents: Vec<Option<Agent>> = Vec::new();
    let mut due: BinaryHeap<Reverse<(i64, u64)>> = BinaryHeap::new();
    let ticks_per_day = 1440 / model.tick_minutes;
    let tick = SignedDuration::from_mins(i64::from(model.tick_minutes));
    for day in 0..days {
        let day_start = origin
            .checked_add(SignedDuration::from_hours(24 * i64::from(day)))
            .expect("in range");
        for k in 0..u64::from(model.orders_per_day) {
            let index = u64::from(day) * u64::from(model.orders_per_day) + k;
            let agent = Agent::new(&world, seed, index, day_start);
            let wake = agent.next_wake().expect("a new order has steps");
            due.push(Reverse((wake.as_microsecond(), index)));
            agents.push(Some(agent));
        }
        outcome.orders += u64::from(model.orders_per_day);
        for t in 0..ticks_per_day {
            let now = day_start.checked_add(tick * t as i32).expect("in range");
            let fired = driver.advance_to(now).await?;
            outcome.deadlines_fired += fired.deadlines_fired;
            if !fired.evaluations.is_empty() {
                for evaluated in &fired.evaluations {
                    outcome.evaluations.push(*evaluated);
                    rates(driver, &world, *evaluated, &mut outcome).await?;
                }
                let (next, sent) =
                    feedback(driver, &world, &fired.evaluations, &mut outcome, seed).await?;
                world = Arc::new(next);
                commands += sent;
            }
            let mut batch = Vec::new();
            while let Some(Reverse((at, index))) = due.peek().copied() {
                if at > now.as_microsecond() {
                    break;
                }
                due.pop();
                if let Some(agent) = agents[index as usize].take() {
                    batch.push(agent);
                }
            }
            let mut running = JoinSet::new();
            for mut agent in batch {
                let driver = driver.clone();
                let world = world.clone();
                running.spawn(async move {
                    let woke = agent.wake(&driver, &world, now).await;
                    (agent, woke)
                });
            }
            while let Some(done) = running.join_next().await {
                let (mut agent, woke) =
                    done.map_err(|e| SimError::Setup(format!("an agent failed: {e}")))?;
                woke?;
                commands += agent.commands;
                agent.commands = 0;
                for code in agent.refusals.drain(..) {
                    *outcome.refusals.entry(code).or_default() += 1;
                }
                outcome.tickets.append(&mut agent.finished);
                let index = agent.index;
                if let Some(wake) = agent.next_wake() {
                    due.push(Reverse((wake.as_microsecond(), index)));
                    agents[index as usize] = Some(agent);
                }
            }
        }
        progress.day(day + 1, days, commands);
    }
    // The end: whatever is still open is recorded as open.
    for agent in agents.iter_mut().flatten() {
        agent.close_out();
        outcome.tickets.append(&mut agent.finished);
    }
    outcome.tickets.sort_by_key(|t| t.order_index);
    outcome.commands = commands;

    let end_day = start_day + jiff::Span::new().days(i64::from(days.max(1)) - 1);
    let mut platform: BTreeMap<Date, DayFigures> = BTreeMap::new();
    for (i, m) in world.merchants.iter().enumerate() {
        for (day, figures) in driver.merchant_days(&m.id, start_day, end_day).await? {
            platform.entry(day).or_default().add(&figures);
            outcome.merchant_days.push((i, day, figures));
        }
    }
    // The platform's figures are its merchants' sums, day by day, days without any included.
    let mut day = start_day;
    while day <= end_day {
        let figures = platform.remove(&day).unwrap_or_default();
        outcome.platform_days.push((day, figures));
        day = day.tomorrow().map_err(|e| SimError::Setup(e.to_string()))?;
    }
    Ok(outcome)
}

/// The marketplace's merchants and buyers, each drawn from its own stream.
pub fn build_world(model: &Model, seed: u64) -> Result<World, SimError> {
    let currency =
        Currency::parse(&model.currency).map_err(|e| SimError::Setup(format!("currency: {e}")))?;
    let size_weights: Vec<f64> = model.merchants.sizes.iter().map(|s| s.share).collect();
    let profile_weights: Vec<f64> = model.profiles.iter().map(|p| p.share).collect();
    let mut merchants = Vec::new();
    for i in 0..model.merchants.count as usize {
        let mut rng = Rng::stream(seed, Stream::Merchant, i as u64);
        let size = rng.weighted(&size_weights);
        let profile = rng.weighted(&profile_weights);
        let p = &model.profiles[profile];
        let fast_refund = rng.chance(p.fast_refund_share);
        let auto_approve = rng.chance(p.auto_approve_share);
        merchants.push(MerchantActor {
            id: MerchantId::parse(&format!("m{:05}", i + 1)).expect("valid"),
            name: model
                .merchants
                .names
                .get(i)
                .cloned()
                .unwrap_or_else(|| format!("店铺{:05}", i + 1)),
            size: model.merchants.sizes[size].name.clone(),
            profile,
            volume: model.merchants.sizes[size].volume,
            fast_refund,
            auto_approve,
            penalties: 0,
            reject_factor: 1.0,
            response_factor: 1.0,
        });
    }
    let mut cumulative = Vec::with_capacity(merchants.len());
    let mut total = 0.0;
    for m in &merchants {
        total += m.volume;
        cumulative.push(total);
    }
    if total <= 0.0 {
        return Err(SimError::Setup(
            "merchants.sizes: every size has volume 0".to_owned(),
        ));
    }
    let mut buyers = Vec::new();
    for i in 0..model.buyers.count as usize {
        let mut rng = Rng::stream(seed, Stream::Buyer, i as u64);
        let trusted = rng.chance(model.buyers.trusted_share);
        let abuser = rng.chance(model.buyers.abuser_share);
        let restricted = abuser && rng.chance(model.buyers.abuser_restricted_share);
        buyers.push(BuyerActor {
            id: BuyerId::parse(&format!("b{:07}", i + 1)).expect("valid"),
            trusted,
            abuser,
            restricted,
        });
    }
    Ok(World {
        model: model.clone(),
        merchants,
        merchant_cumulative: cumulative,
        buyers,
        currency,
        tick: SignedDuration::from_mins(i64::from(model.tick_minutes)),
        arbitrator: StaffId::parse("arbitrator-sim").expect("valid"),
    })
}

/// Buyers' trust profiles and merchants' settings, before the first order.
async fn setup<D: Driver>(driver: &D, world: &World, origin: Timestamp) -> Result<u64, SimError> {
    let mut submissions = Vec::new();
    // A buyer without a profile is untrusted, so only trusted and restricted buyers need one:
    // what a platform's backend would send (and 40 % fewer set-up commands).
    for buyer in world.buyers.iter().filter(|b| b.trusted || b.restricted) {
        let (age_days, completed, orders, refunds) = if buyer.trusted {
            (400, 25, 12, 1)
        } else {
            (20, 1, 2, 1)
        };
        let inputs = TrustInputs {
            account_created_at: origin
                .checked_sub(SignedDuration::from_hours(24 * age_days))
                .expect("in range"),
            completed_orders: completed,
            orders_90d: orders,
            refunds_90d: refunds,
            abuse_restricted: buyer.restricted,
        };
        submissions.push((
            Actor::Integration,
            Command::Buyer {
                buyer: buyer.id.clone(),
                command: BuyerCommand::UpdateTrust(inputs),
            },
        ));
    }
    for merchant in &world.merchants {
        if merchant.fast_refund {
            submissions.push((
                Actor::Merchant(merchant.id.clone()),
                Command::Merchant {
                    merchant: merchant.id.clone(),
                    command: MerchantCommand::SetFastRefund { opted_in: true },
                },
            ));
        }
        if merchant.auto_approve {
            submissions.extend(strategies(&merchant.id));
        }
    }
    execute_all(driver, submissions).await
}

/// The auto-approve strategies (售后小助手) a merchant turns on ([`STRATEGIES`]).
fn strategies(merchant: &MerchantId) -> Vec<(Actor, Command)> {
    let [
        (small_returns, small_returns_name),
        (on_signed, on_signed_name),
    ] = STRATEGIES;
    let put = |id: &str, name: &str, condition: Condition, action: StrategyAction| {
        (
            Actor::Merchant(merchant.clone()),
            Command::Merchant {
                merchant: merchant.clone(),
                command: MerchantCommand::PutStrategy {
                    id: StrategyId::parse(id).expect("valid"),
                    name: name.to_owned(),
                    condition,
                    action,
                },
            },
        )
    };
    vec![
        put(
            small_returns,
            small_returns_name,
            Condition {
                kinds: vec![TicketKind::ReturnAndRefund],
                reasons: vec![Reason::NoReasonSevenDay],
                amount_max_minor: Some(20_000),
                ..Condition::default()
            },
            StrategyAction::Approve,
        ),
        put(
            on_signed,
            on_signed_name,
            Condition {
                kinds: vec![TicketKind::ReturnAndRefund],
                ..Condition::default()
            },
            StrategyAction::RefundOnReturnSigned,
        ),
    ]
}

/// Submit side by side; each must be accepted.
async fn execute_all<D: Driver>(
    driver: &D,
    submissions: Vec<(Actor, Command)>,
) -> Result<u64, SimError> {
    let mut running = JoinSet::new();
    let count = submissions.len() as u64;
    let accepted = |done: Result<
        Result<crate::driver::Answer, SimError>,
        tokio::task::JoinError,
    >| match done.map_err(|e| SimError::Setup(e.to_string()))?? {
        crate::driver::Answer::Accepted => Ok(()),
        crate::driver::Answer::Refused(code) => Err(SimError::Setup(format!(
            "the engine refused a set-up command: {code}"
        ))),
    };
    for (actor, command) in submissions {
        let driver = driver.clone();
        running.spawn(async move { driver.submit(actor, command).await });
        if running.len() >= 4_096
            && let Some(done) = running.join_next().await
        {
            accepted(done)?;
        }
    }
    while let Some(done) = running.join_next().await {
        accepted(done)?;
    }
    Ok(count)
}

/// Every merchant's dispute intervention rate on an evaluation day, against the standard;
/// merchants without figures in the window have no rate to record.
async fn rates<D: Driver>(
    driver: &D,
    world: &World,
    day: Date,
    outcome: &mut Outcome,
) -> Result<(), SimError> {
    let ids: Vec<MerchantId> = world.merchants.iter().map(|m| m.id.clone()).collect();
    for (merchant, rate) in driver
        .dispute_rates(&ids, day)
        .await?
        .into_iter()
        .enumerate()
    {
        let Some(RateView {
            disputes,
            orders,
            rate_ppm,
            threshold_ppm,
            verdict,
        }) = rate
        else {
            continue;
        };
        outcome.rates.push(RateRecord {
            day,
            merchant,
            disputes,
            orders,
            rate_ppm,
            threshold_ppm,
            verdict,
        });
    }
    Ok(())
}

/// Penalties recorded by the evaluations just run change the merchants who got them: they
/// reject less, answer faster, and some turn on auto-approve strategies.
async fn feedback<D: Driver>(
    driver: &D,
    world: &World,
    evaluations: &[Date],
    outcome: &mut Outcome,
    seed: u64,
) -> Result<(World, u64), SimError> {
    let model = &world.model;
    let mut merchants = world.merchants.clone();
    let mut submissions = Vec::new();
    for (i, m) in merchants.iter_mut().enumerate() {
        for day in evaluations {
            for penalty in driver.penalties(&m.id, *day).await? {
                outcome.penalties.push(PenaltyRecord {
                    day: *day,
                    merchant: i,
                    kind: penalty.kind,
                    severity: penalty.severity,
                    fine_minor: penalty.fine_minor,
                    refund_handling_closed: penalty.refund_handling_closed,
                });
                m.penalties += 1;
                m.reject_factor *= model.feedback.reject_multiplier;
                m.response_factor *= model.feedback.response_multiplier;
                // A draw from the merchant's day stream: the same whichever merchants
                // were penalised before it.
                let mut rng = Rng::stream(
                    seed ^ u64::from(day.day_of_year() as u16),
                    Stream::Day,
                    i as u64,
                );
                if !m.auto_approve && rng.chance(model.feedback.adopt_auto_approve_share) {
                    m.auto_approve = true;
                    submissions.extend(strategies(&m.id));
                }
            }
        }
    }
    let sent = execute_all(driver, submissions).await?;
    let next = World {
        model: world.model.clone(),
        merchants,
        merchant_cumulative: world.merchant_cumulative.clone(),
        buyers: world.buyers.clone(),
        currency: world.currency,
        tick: world.tick,
        arbitrator: world.arbitrator.clone(),
    };
    Ok((next, sent))
}
