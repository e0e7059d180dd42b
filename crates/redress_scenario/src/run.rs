//! Running one scenario file.

use crate::ScenarioError;
use crate::build;
use crate::check::{self, Observed};
use crate::format::ScenarioFile;
use crate::parse;

use redress_domain::merchant::MerchantCommand;
use redress_domain::{
    Actor, BuyerId, Currency, ItemFlags, ItemId, MerchantId, Money, NewOrder, OrderCommand,
    OrderId, OrderItem, Policy, ProductId,
};
use redress_engine::{Command, Engine, EngineConfig, ManualClock, Submission};
use redress_store::{SqliteStore, Store};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// Keep each scenario's database in this directory as `<file stem>.db`.
    pub keep_in: Option<PathBuf>,
}

/// What happened when a scenario ran.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub name: String,
    /// Where the case comes from (a seed and its section), if the file says.
    pub source: Option<String>,
    pub description: Option<String>,
    pub steps: usize,
    /// One line per failed expectation; empty when the scenario passed.
    pub failures: Vec<String>,
    /// Where the database was kept, if asked.
    pub database: Option<PathBuf>,
}

impl Outcome {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

pub async fn run_file(path: &Path, options: &RunOptions) -> Result<Outcome, ScenarioError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ScenarioError::Read {
        path: shown.clone(),
        source,
    })?;
    let file: ScenarioFile = toml::from_str(&text).map_err(|e| ScenarioError::Format {
        path: shown.clone(),
        message: e.to_string(),
    })?;
    let policy =
        load_policy(path, file.policy.as_deref()).map_err(|message| ScenarioError::Format {
            path: shown.clone(),
            message,
        })?;
    let start = parse::timestamp(&file.start).map_err(|message| ScenarioError::Format {
        path: shown.clone(),
        message,
    })?;

    let scratch = tempfile::tempdir().map_err(|e| ScenarioError::Storage {
        path: shown.clone(),
        message: e.to_string(),
    })?;
    let database = match &options.keep_in {
        Some(dir) => {
            let stem = path
                .file_stem()
                .map_or("scenario".into(), |s| s.to_string_lossy());
            let kept = dir.join(format!("{stem}.db"));
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", kept.display()));
            }
            kept
        }
        None => scratch.path().join("scenario.db"),
    };
    let storage = |e: redress_store::StoreError| ScenarioError::Storage {
        path: shown.clone(),
        message: e.to_string(),
    };
    let store = SqliteStore::open(&database).map_err(storage)?;
    let clock = Arc::new(ManualClock::new(start));
    let engine = Engine::start(
        store.clone(),
        clock.clone(),
        policy,
        EngineConfig::default(),
    );
    let setup = |message: String| ScenarioError::Setup {
        path: shown.clone(),
        message,
    };

    for buyer in &file.buyers {
        let id = BuyerId::parse(&buyer.id).map_err(|e| setup(format!("buyer id {e}")))?;
        let command = build::trust(buyer, start).map_err(setup)?;
        execute(
            &engine,
            Actor::Integration,
            Command::Buyer { buyer: id, command },
        )
        .await
        .map_err(|e| setup(format!("buyer {}: {e}", buyer.id)))?;
    }
    for merchant in &file.merchants {
        let id = MerchantId::parse(&merchant.id).map_err(|e| setup(format!("merchant id {e}")))?;
        let operator =
            Actor::Operator(redress_domain::StaffId::parse("scenario").expect("valid id"));
        let mut commands = Vec::new();
        if merchant.fast_refund {
            commands.push((
                Actor::Merchant(id.clone()),
                MerchantCommand::SetFastRefund { opted_in: true },
            ));
        }
        if merchant.platform_fast_refund_excluded {
            commands.push((
                operator.clone(),
                MerchantCommand::SetPlatformFastRefundExclusion { excluded: true },
            ));
        }
        if let Some(reason) = &merchant.refund_handling_closed {
            commands.push((
                operator.clone(),
                MerchantCommand::CloseRefundHandling {
                    reason: reason.clone(),
                },
            ));
        }
        for spec in &merchant.strategies {
            commands.push((
                Actor::Merchant(id.clone()),
                build::strategy(spec).map_err(setup)?,
            ));
        }
        for (actor, command) in commands {
            execute(
                &engine,
                actor,
                Command::Merchant {
                    merchant: id.clone(),
                    command,
                },
            )
            .await
            .map_err(|e| setup(format!("merchant {}: {e}", merchant.id)))?;
        }
    }
    let mut currency = Currency::CNY;
    for order in &file.orders {
        let new = new_order(order, start).map_err(setup)?;
        currency = new.paid.currency();
        execute(
            &engine,
            Actor::Integration,
            Command::Order {
                order: new.id.clone(),
                command: OrderCommand::Place(new),
            },
        )
        .await
        .map_err(|e| setup(format!("order {}: {e}", order.id)))?;
    }

    let mut failures = Vec::new();
    for (index, step) in file.steps.iter().enumerate() {
        let number = index + 1;
        let step_error = |message: String| ScenarioError::Step {
            path: shown.clone(),
            step: number,
            message,
        };
        let label = format!(
            "step {number} ({}{})",
            step.action.as_deref().unwrap_or("check"),
            step.note
                .as_deref()
                .map(|n| format!(": {n}"))
                .unwrap_or_default()
        );
        let mut observed = Observed {
            start,
            ..Observed::default()
        };
        let target = match (&step.advance, &step.to) {
            (Some(_), Some(_)) => {
                return Err(step_error("give `advance` or `to`, not both".to_owned()));
            }
            (Some(by), None) => {
                let by = parse::duration(by).map_err(step_error)?;
                Some(
                    clock_now(&engine)
                        .checked_add(by)
                        .map_err(|e| step_error(e.to_string()))?,
                )
            }
            (None, Some(to)) => Some(parse::timestamp(to).map_err(step_error)?),
            (None, None) => None,
        };
        if let Some(target) = target {
            let fired = engine
                .advance_to(&clock, target)
                .await
                .map_err(|e| step_error(format!("moving the clock: {e}")))?;
            observed.fired = Some(fired);
        }
        if let Some(action) = &step.action {
            let ticket_order = match &step.ticket {
                Some(t) => match redress_domain::TicketId::parse(t) {
                    Ok(id) => engine
                        .store()
                        .locate_ticket(&id)
                        .await
                        .map_err(storage)?
                        .map(|(_, o)| o),
                    Err(_) => None,
                },
                None => None,
            };
            let built = build::submission(step, action, ticket_order, currency, clock_now(&engine))
                .map_err(step_error)?;
            observed.order = built.order;
            observed.result = Some(engine.execute(built.submission).await);
        }
        observed.now = clock_now(&engine);
        let expect = step.expect.as_ref();
        check::step(&engine, step, expect, &mut observed, &label, &mut failures)
            .await
            .map_err(step_error)?;
    }

    let report = engine.store().replay().await.map_err(storage)?;
    for difference in report.differences {
        failures.push(format!("replay: {difference}"));
    }
    engine.shutdown().await;
    let kept = options.keep_in.as_ref().map(|_| database.clone());
    Ok(Outcome {
        name: file.name,
        source: file.source,
        description: file.description,
        steps: file.steps.len(),
        failures,
        database: kept,
    })
}

fn clock_now(engine: &Engine<SqliteStore>) -> redress_domain::Timestamp {
    engine.clock().now()
}

async fn execute(
    engine: &Engine<SqliteStore>,
    actor: Actor,
    command: Command,
) -> Result<(), String> {
    engine
        .execute(Submission::new(actor, command))
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn load_policy(scenario: &Path, policy: Option<&str>) -> Result<Policy, String> {
    match policy {
        None => Ok(Policy::default()),
        Some(name) if redress_policy::PRESETS.contains(&name) => {
            redress_policy::preset(name).map_err(|e| e.to_string())
        }
        Some(file) => {
            let path = scenario.parent().unwrap_or(Path::new(".")).join(file);
            redress_policy::load(&path).map_err(|e| e.to_string())
        }
    }
}

fn new_order(
    spec: &crate::format::OrderSpec,
    paid_at: redress_domain::Timestamp,
) -> Result<NewOrder, String> {
    let currency = Currency::parse(&spec.currency).map_err(|e| e.to_string())?;
    let items = spec
        .items
        .iter()
        .map(|item| {
            Ok(OrderItem {
                id: ItemId::parse(&item.id).map_err(|e| format!("item id {e}"))?,
                product: ProductId::parse(item.product.as_deref().unwrap_or(&item.id))
                    .map_err(|e| format!("product id {e}"))?,
                category: item.category.clone(),
                quantity: item.quantity,
                amount: Money::new(item.amount, currency)
                    .map_err(|e| format!("item amount {e}"))?,
                flags: ItemFlags {
                    seven_day_return: item.seven_day_return,
                    custom: item.custom,
                    virtual_goods: item.virtual_goods,
                },
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(NewOrder {
        id: OrderId::parse(&spec.id).map_err(|e| format!("order id {e}"))?,
        merchant: MerchantId::parse(&spec.merchant).map_err(|e| format!("merchant id {e}"))?,
        buyer: BuyerId::parse(&spec.buyer).map_err(|e| format!("buyer id {e}"))?,
        items,
        paid: Money::new(spec.paid, currency).map_err(|e| format!("paid {e}"))?,
        paid_at,
    })
}
