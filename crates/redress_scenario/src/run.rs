//! Running one scenario file.

use crate::ScenarioError;
use crate::build;
use crate::check::{self, Observed};
use crate::format::{Action, ScenarioFile};
use crate::parse;

use redress_domain::merchant::MerchantCommand;
use redress_domain::{
    Actor, BuyerId, CreatorId, Currency, ItemFlags, ItemId, MerchantId, Money, NewOrder,
    OrderCommand, OrderId, OrderItem, Policy, ProductId,
};
use redress_engine::{Command, Engine, EngineConfig, ManualClock, Submission};
use redress_store::postgres::drop_schema;
use redress_store::{AnyStore, PgStore, SqliteStore, Store, StoreError};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Where each scenario's scratch database lives, and whether it outlives the run.
#[derive(Clone, Debug, Default)]
pub enum Database {
    /// A new SQLite file in a temporary directory, deleted afterwards (the default).
    #[default]
    Sqlite,
    /// A new SQLite file kept in this directory as `<file stem>.db`, replacing an earlier one.
    SqliteKeptIn(PathBuf),
    /// A new schema on this PostgreSQL server (`postgres://user@host:port/db`), dropped
    /// afterwards.
    Postgres { url: String },
    /// A new schema on this PostgreSQL server, kept; [`Outcome::kept`] says how to reach it.
    PostgresKept { url: String },
}

#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    pub database: Database,
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
    /// Where the database was kept, if asked: an SQLite path, or a `postgres://` URL that
    /// names the kept schema (usable with `redress replay --database`).
    pub kept: Option<String>,
}

impl Outcome {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// A parsed scenario file, ready to play.
struct Scenario {
    file: ScenarioFile,
    policy: Policy,
    start: redress_domain::Timestamp,
}

pub async fn run_file(path: &Path, options: &RunOptions) -> Result<Outcome, ScenarioError> {
    let shown = path.display().to_string();
    let scenario = read(path, &shown)?;
    let storage = |e: StoreError| ScenarioError::Storage {
        path: shown.clone(),
        message: e.to_string(),
    };
    let scratch = Scratch::open(path, &options.database)
        .await
        .map_err(storage)?;
    let played = play(&scenario, scratch.store.clone(), &shown).await;
    // The scratch database goes (or is kept) whether or not the scenario could run.
    let kept = scratch.close().await.map_err(storage)?;
    let failures = played?;
    let Scenario { file, .. } = scenario;
    Ok(Outcome {
        name: file.name,
        source: file.source,
        description: file.description,
        steps: file.steps.len(),
        failures,
        kept,
    })
}

fn read(path: &Path, shown: &str) -> Result<Scenario, ScenarioError> {
    let text = std::fs::read_to_string(path).map_err(|source| ScenarioError::Read {
        path: shown.to_owned(),
        source,
    })?;
    let format = |message: String| ScenarioError::Format {
        path: shown.to_owned(),
        message,
    };
    let file: ScenarioFile = toml::from_str(&text).map_err(|e| format(e.to_string()))?;
    let policy = load_policy(path, file.policy.as_deref()).map_err(format)?;
    let start = parse::timestamp(&file.start).map_err(format)?;
    Ok(Scenario {
        file,
        policy,
        start,
    })
}

/// Schemas made by this process so far, so that each scenario's name is new.
static SCHEMAS_MADE: AtomicU64 = AtomicU64::new(0);

/// A scenario's own database, and what becomes of it afterwards.
struct Scratch {
    store: AnyStore,
    end: End,
}

enum End {
    /// Deleted with this temporary directory.
    DeleteDirectory(tempfile::TempDir),
    /// An SQLite file left in place.
    KeepFile(PathBuf),
    /// A PostgreSQL schema dropped afterwards.
    DropSchema(String),
    /// A PostgreSQL schema left in place, reachable at this URL.
    KeepSchema(String),
}

impl Scratch {
    async fn open(scenario: &Path, database: &Database) -> Result<Scratch, StoreError> {
        let stem = scenario
            .file_stem()
            .map_or("scenario".into(), |s| s.to_string_lossy());
        match database {
            Database::Sqlite => {
                let directory = tempfile::tempdir()
                    .map_err(|e| StoreError::Invalid(format!("a temporary directory: {e}")))?;
                let store = SqliteStore::open(&directory.path().join("scenario.db"))?;
                Ok(Scratch {
                    store: AnyStore::Sqlite(store),
                    end: End::DeleteDirectory(directory),
                })
            }
            Database::SqliteKeptIn(directory) => {
                let kept = directory.join(format!("{stem}.db"));
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", kept.display()));
                }
                let store = SqliteStore::open(&kept)?;
                Ok(Scratch {
                    store: AnyStore::Sqlite(store),
                    end: End::KeepFile(kept),
                })
            }
            Database::Postgres { url } | Database::PostgresKept { url } => {
                let schema = schema_name(&stem);
                let store = PgStore::connect_in_schema(url, &schema).await?;
                // A schema left by an earlier run under the same name would not be scratch.
                if !store.events_after(0, 1).await?.is_empty() {
                    store.close().await;
                    return Err(StoreError::Invalid(format!(
                        "schema {schema} already holds events; drop it or run again"
                    )));
                }
                let end = match database {
                    Database::PostgresKept { url } => End::KeepSchema(schema_url(url, &schema)),
                    _ => End::DropSchema(schema),
                };
                Ok(Scratch {
                    store: AnyStore::Postgres(store),
                    end,
                })
            }
        }
    }

    /// Delete or keep the database; returns where it was kept.
    async fn close(self) -> Result<Option<String>, StoreError> {
        let Scratch { store, end } = self;
        match (store, end) {
            (AnyStore::Postgres(store), End::DropSchema(schema)) => {
                let dropped = drop_schema(store.pool(), &schema).await;
                store.close().await;
                dropped.map(|()| None)
            }
            (AnyStore::Postgres(store), End::KeepSchema(url)) => {
                store.close().await;
                Ok(Some(url))
            }
            (_, End::KeepFile(path)) => Ok(Some(path.display().to_string())),
            (store, End::DeleteDirectory(directory)) => {
                // Close the file before its directory goes.
                drop(store);
                drop(directory);
                Ok(None)
            }
            (AnyStore::Sqlite(_), End::DropSchema(_) | End::KeepSchema(_)) => {
                unreachable!("schemas are made on PostgreSQL only")
            }
        }
    }
}

/// A new schema name for a scenario: `scenario_<process>_<n>_<file stem>`, in the plain
/// `[a-z0-9_]` that PostgreSQL takes unquoted, at most 63 bytes.
fn schema_name(stem: &str) -> String {
    let n = SCHEMAS_MADE.fetch_add(1, Ordering::Relaxed);
    let mut name = format!("scenario_{}_{n}_", std::process::id());
    let plain = stem.chars().map(|c| match c.to_ascii_lowercase() {
        c @ ('a'..='z' | '0'..='9') => c,
        _ => '_',
    });
    name.extend(plain);
    name.truncate(63);
    name
}

/// `url` with its connections' `search_path` set to `schema`.
fn schema_url(url: &str, schema: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}options=-csearch_path%3D{schema}")
}

/// Run the scenario on `store` and check it; the failed expectations, empty if it passed.
async fn play(
    scenario: &Scenario,
    store: AnyStore,
    shown: &str,
) -> Result<Vec<String>, ScenarioError> {
    let clock = Arc::new(ManualClock::new(scenario.start));
    let engine = Engine::start(
        store,
        clock.clone(),
        scenario.policy.clone(),
        EngineConfig::default(),
    );
    let result = steps(&engine, &clock, scenario, shown).await;
    engine.shutdown().await;
    result
}

async fn steps(
    engine: &Engine<AnyStore>,
    clock: &ManualClock,
    scenario: &Scenario,
    shown: &str,
) -> Result<Vec<String>, ScenarioError> {
    let Scenario { file, start, .. } = scenario;
    let start = *start;
    let shown = shown.to_owned();
    let storage = |e: StoreError| ScenarioError::Storage {
        path: shown.clone(),
        message: e.to_string(),
    };
    let setup = |message: String| ScenarioError::Setup {
        path: shown.clone(),
        message,
    };

    for buyer in &file.buyers {
        let id = BuyerId::parse(&buyer.id).map_err(|e| setup(format!("buyer id {e}")))?;
        let command = build::trust(buyer, start).map_err(setup)?;
        execute(
            engine,
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
                engine,
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
            engine,
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
            step.action.as_ref().map_or("check", Action::name),
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
                    clock_now(engine)
                        .checked_add(by)
                        .map_err(|e| step_error(e.to_string()))?,
                )
            }
            (None, Some(to)) => Some(parse::timestamp(to).map_err(step_error)?),
            (None, None) => None,
        };
        if let Some(target) = target {
            let fired = engine
                .advance_to(clock, target)
                .await
                .map_err(|e| step_error(format!("moving the clock: {e}")))?;
            observed.fired = Some(fired);
        }
        if let Some(Action::Evaluate { text }) = &step.action {
            // The weekly evaluation of a day (default: today, platform time), as the
            // scheduler or `redress evaluate` runs it.
            let day = match text {
                Some(day) => day
                    .parse::<redress_domain::Date>()
                    .map_err(|e| step_error(format!("evaluate `text` {day:?}: {e}")))?,
                None => clock_now(engine).to_zoned(engine.zone()).date(),
            };
            observed.evaluation = Some(
                engine
                    .evaluate(day)
                    .await
                    .map_err(|e| step_error(format!("evaluating {day}: {e}")))?,
            );
        } else if let Some(action) = &step.action {
            let ticket_order = match action.ticket() {
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
            let built = build::submission(step, action, ticket_order, currency, clock_now(engine))
                .map_err(step_error)?;
            observed.order = built.order;
            observed.result = Some(engine.execute(built.submission).await);
        }
        observed.now = clock_now(engine);
        let expect = step.expect.as_ref();
        check::step(engine, step, expect, &mut observed, &label, &mut failures)
            .await
            .map_err(step_error)?;
    }

    let report = engine.store().replay().await.map_err(storage)?;
    for difference in report.differences {
        failures.push(format!("replay: {difference}"));
    }
    // And the metrics kept commit by commit equal a recount of the log.
    let days = redress_store::days::verify(engine.store(), &engine.zone())
        .await
        .map_err(storage)?;
    for difference in days.differences {
        failures.push(format!("metrics: {difference}"));
    }
    Ok(failures)
}

fn clock_now(engine: &Engine<AnyStore>) -> redress_domain::Timestamp {
    engine.clock().now()
}

async fn execute(engine: &Engine<AnyStore>, actor: Actor, command: Command) -> Result<(), String> {
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
        creator: spec
            .creator
            .as_deref()
            .map(|c| CreatorId::parse(c).map_err(|e| format!("creator id {e}")))
            .transpose()?,
        shipping_fee: Money::new(spec.shipping_fee, currency)
            .map_err(|e| format!("shipping fee {e}"))?,
        freight_insurance: spec.freight_insurance,
    })
}
