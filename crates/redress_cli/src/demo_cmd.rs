//! `redress demo`: a marketplace to look at, in one command. A new embedded database is
//! filled with weeks of a small simulated marketplace (the simulator's `Model::demo`),
//! whose weekly evaluations run on the way, then served in sandbox mode with one ready key
//! per role, so a newcomer can sign in to the console as each of them and move the clock.

use crate::serve_cmd::serve_until_stopped;
use crate::simulate_cmd::Shown;
use anyhow::Context;
use redress_domain::{MerchantId, Policy};
use redress_engine::{Clock, Engine, EngineConfig, ManualClock, SystemClock};
use redress_http::auth::{Scope, create_key};
use redress_http::staff::{StaffRole, add_staff, generate_password};
use redress_http::{AppState, Operations};
use redress_sim::{Model, Outcome};
use redress_store::AnyStore;
use redress_store::api::{ApiStore, TicketFilter};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Port to serve on.
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Address to listen on; 0.0.0.0 shows the demo to the network.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// An empty or new directory for the demo's database and evidence files, kept after
    /// it stops [default: a temporary directory, removed when the demo stops].
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Weeks of marketplace to simulate before serving, ending today.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=26))]
    weeks: u32,
    /// The simulation's seed: the same seed gives the same marketplace.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// The keys printed for the newcomer, one per role.
struct DemoKey {
    role: &'static str,
    whom: String,
    secret: String,
}

/// The staff accounts printed for the newcomer, one per staff role.
struct DemoStaff {
    role: StaffRole,
    /// The shop's id for a merchant's person; empty for the platform's.
    merchant: String,
    name: &'static str,
    password: String,
}

pub fn run(args: DemoArgs) -> anyhow::Result<ExitCode> {
    let filter = tracing_subscriber::EnvFilter::try_from_env("REDRESS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .init();
    let (dir, _temporary) = match &args.dir {
        Some(dir) => (dir.clone(), None),
        None => {
            let temporary = tempfile::Builder::new()
                .prefix("redress-demo-")
                .tempdir()
                .context("creating a temporary directory")?;
            (temporary.path().to_owned(), Some(temporary))
        }
    };
    let database = dir.join("demo.db");
    if database.exists() {
        anyhow::bail!(
            "{} already holds a demo database; give --dir an empty or new directory",
            dir.display()
        );
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let listen = SocketAddr::new(args.host, args.port);
    crate::runtime()?.block_on(async move {
        // Bind first: a port in use is better learnt before a minute of simulation.
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("listening on {listen} (choose another with --port)"))?;
        let started = Instant::now();
        let (engine, clock, outcome) = fill(&database, &args).await?;
        name_shops(&engine, &outcome).await?;
        ensure_open_disputes(&engine).await?;
        let (keys, merchant) = demo_keys(&engine, &outcome).await?;
        let staff = demo_staff(&engine, &merchant).await?;
        let files: Arc<dyn redress_http::evidence_files::EvidenceFiles> = Arc::new(
            redress_http::evidence_files::LocalDisk::new(dir.join("evidence")),
        );
        let state = AppState::sandbox(engine.clone(), files, clock.clone());
        print_welcome(&listener, &database, &outcome, &keys, clock.now(), started)?;
        print_staff(&staff);
        let delivery = redress_http::webhooks::DeliveryConfig {
            sandbox: true,
            // A sandbox's receivers are the integrator's, often on this very machine.
            allow_private_targets: true,
            ..Default::default()
        };
        serve_until_stopped(
            engine,
            state,
            None,
            listener,
            Operations::default(),
            delivery,
            Duration::from_secs(1),
        )
        .await?;
        Ok(ExitCode::SUCCESS)
    })
}

/// A new database with `weeks` of the demo marketplace, up to today in the platform's time
/// zone, on a sandbox clock then moved to the wall clock's time.
async fn fill(
    database: &Path,
    args: &DemoArgs,
) -> anyhow::Result<(Engine<AnyStore>, Arc<ManualClock>, Outcome)> {
    let store = AnyStore::open(&database.display().to_string())
        .await
        .with_context(|| format!("creating {}", database.display()))?;
    let policy = Policy::default();
    let zone = jiff::tz::TimeZone::get(&policy.time_zone)
        .with_context(|| format!("the policy's time zone {}", policy.time_zone))?;
    let days = args.weeks * 7;
    let today = SystemClock.now().to_zoned(zone.clone()).date();
    let start = today
        .checked_sub(jiff::Span::new().days(i64::from(days)))
        .context("the demo's first day")?;
    let model = Model {
        start: start.to_string(),
        ..Model::demo()
    };
    let origin = model.origin(&zone)?;
    let clock = Arc::new(ManualClock::new(origin));
    let engine = Engine::start(store, clock.clone(), policy, EngineConfig::default());
    let mut progress = Shown::new(days, "simulating");
    let outcome = redress_sim::run(
        &redress_sim::EngineDriver::new(engine.clone(), clock.clone()),
        &model,
        args.seed,
        days,
        &mut progress,
    )
    .await
    .context("simulating the demo marketplace")?;
    progress.finish();
    // The simulation ends at today's first hour; catch up with the wall clock, firing what
    // fell due since, so the countdowns start from the time of day the newcomer sees.
    let now = SystemClock.now();
    if now > clock.now() {
        engine
            .advance_to(&clock, now)
            .await
            .map_err(|e| anyhow::anyhow!("moving the demo's clock to now: {e}"))?;
    }
    Ok((engine, clock, outcome))
}

/// Disputes the demo's arbitration desk holds at least, whatever the day: the simulation's
/// own may all have had their verdict by today.
const DEMO_OPEN_DISPUTES: usize = 3;

/// Top the open disputes up to [`DEMO_OPEN_DISPUTES`]: buyers take refused requests to the
/// platform, and where there are too few of those, merchants refuse waiting requests first
/// (with the evidence their scenario asks for). Each step is an ordinary command through the
/// engine; a refused one is passed over.
/// Name the simulated shops as the platform's integration would (`merchant.named` events, as
/// `PUT /v1/merchants/{id}/name` records them), so that the console shows their names.
async fn name_shops(engine: &Engine<AnyStore>, outcome: &Outcome) -> anyhow::Result<()> {
    use redress_domain::Actor;
    use redress_domain::merchant::MerchantCommand;
    use redress_engine::{Command, Submission};

    for shop in &outcome.merchants {
        let command = Command::Merchant {
            merchant: shop.id.clone(),
            command: MerchantCommand::SetName {
                name: shop.name.clone(),
            },
        };
        engine
            .execute(Submission::new(Actor::Integration, command))
            .await
            .with_context(|| format!("naming shop {}", shop.id))?;
    }
    Ok(())
}

async fn ensure_open_disputes(engine: &Engine<AnyStore>) -> anyhow::Result<usize> {
    use redress_domain::evidence::{Evidence, EvidenceKind, Side};
    use redress_domain::{Actor, OrderCommand, OrderId, RejectGround, TicketAction, TicketId};
    use redress_engine::{Command, Submission};

    let store = engine.store();
    let listed = |state: &str| TicketFilter {
        state: Some(state.to_owned()),
        limit: 200,
        ..TicketFilter::default()
    };
    let mut open = store.list_tickets(listed("in_dispute")).await?.len();
    let act = |order: &str, ticket: &str, actor: Actor, action: TicketAction| {
        let order = OrderId::parse_stored(order);
        let ticket = TicketId::parse_stored(ticket);
        async move {
            let (Ok(order), Ok(ticket)) = (order, ticket) else {
                return false;
            };
            let command = Command::Order {
                order,
                command: OrderCommand::Ticket {
                    ticket,
                    expected_version: None,
                    action,
                },
            };
            engine
                .execute(Submission::new(actor, command))
                .await
                .is_ok()
        }
    };
    let photo = |kind: EvidenceKind, n: usize| Evidence {
        kind,
        reference: format!("DEMO-{}-{n}", kind.as_str()),
        note: String::new(),
    };
    let escalate = |n: usize| TicketAction::Escalate {
        note: "商家拒绝，申请平台介入".to_owned(),
        evidence: vec![photo(EvidenceKind::Photos, n)],
    };
    for row in store.list_tickets(listed("rejected")).await? {
        if open >= DEMO_OPEN_DISPUTES {
            return Ok(open);
        }
        let Ok(buyer) = redress_domain::BuyerId::parse_stored(&row.buyer_id) else {
            continue;
        };
        if act(
            &row.order_id,
            &row.ticket_id,
            Actor::Buyer(buyer),
            escalate(open),
        )
        .await
        {
            open += 1;
        }
    }
    for row in store.list_tickets(listed("requested")).await? {
        if open >= DEMO_OPEN_DISPUTES {
            break;
        }
        let (Ok(merchant), Ok(buyer), Ok(order_id)) = (
            MerchantId::parse_stored(&row.merchant_id),
            redress_domain::BuyerId::parse_stored(&row.buyer_id),
            OrderId::parse_stored(&row.order_id),
        ) else {
            continue;
        };
        let Ok(Some(order)) = engine.order(&order_id).await else {
            continue;
        };
        let Some(ticket) = order
            .tickets
            .values()
            .find(|t| t.id.as_str() == row.ticket_id)
        else {
            continue;
        };
        // The evidence the scenario suggests for the merchant's side, one item of each kind.
        let evidence = redress_domain::dispute::checklist(ticket, Side::Merchant)
            .iter()
            .enumerate()
            .map(|(n, line)| photo(line.kind, n))
            .collect();
        let reject = TicketAction::Reject {
            ground: RejectGround::Request,
            reason: "与商品描述一致，不同意".to_owned(),
            evidence,
        };
        if act(
            &row.order_id,
            &row.ticket_id,
            Actor::Merchant(merchant),
            reject,
        )
        .await
            && act(
                &row.order_id,
                &row.ticket_id,
                Actor::Buyer(buyer),
                escalate(open),
            )
            .await
        {
            open += 1;
        }
    }
    Ok(open)
}

/// One key per role. The merchant is one with work waiting (preferably one the evaluation
/// penalised), the buyer one with a refused request they can take to the platform.
async fn demo_keys(
    engine: &Engine<AnyStore>,
    outcome: &Outcome,
) -> anyhow::Result<(Vec<DemoKey>, String)> {
    let store = engine.store();
    let first = |state: &str| TicketFilter {
        state: Some(state.to_owned()),
        limit: 200,
        ..TicketFilter::default()
    };
    let waiting = store.list_tickets(first("requested")).await?;
    let penalised: Vec<&MerchantId> = outcome
        .penalties
        .iter()
        .map(|p| &outcome.merchants[p.merchant].id)
        .collect();
    let merchant = waiting
        .iter()
        .find(|t| penalised.iter().any(|m| m.as_str() == t.merchant_id))
        .or(waiting.first())
        .map(|t| t.merchant_id.clone())
        .or_else(|| outcome.merchants.first().map(|m| m.id.to_string()))
        .context("the simulation made no merchant")?;
    let mut buyer = None;
    for state in ["rejected", "requested", "refunded"] {
        if let Some(ticket) = store.list_tickets(first(state)).await?.first() {
            buyer = Some(ticket.buyer_id.clone());
            break;
        }
    }
    let buyer = buyer
        .or_else(|| outcome.buyers.first().map(ToString::to_string))
        .context("the simulation made no buyer")?;
    let merchant_name = outcome
        .merchants
        .iter()
        .find(|m| m.id.as_str() == merchant)
        .map_or_else(|| merchant.clone(), |m| format!("{} ({})", m.name, m.id));
    let scopes = [
        ("operator", Scope::Operator, "the platform".to_owned()),
        ("arbitrator", Scope::Arbitrator, "the platform".to_owned()),
        (
            "merchant",
            Scope::parse("merchant", Some(&merchant), None)?,
            merchant_name.clone(),
        ),
        (
            "buyer",
            Scope::parse("buyer", None, Some(&buyer))?,
            buyer.clone(),
        ),
        ("integration", Scope::Integration, "order feeds".to_owned()),
    ];
    let mut keys = Vec::with_capacity(scopes.len());
    for (role, scope, whom) in scopes {
        let (_, secret) = create_key(store, &scope, &format!("demo {role}"), engine.clock().now())
            .await
            .with_context(|| format!("creating the demo's {role} key"))?;
        keys.push(DemoKey { role, whom, secret });
    }
    Ok((keys, merchant))
}

/// One staff account per staff role: the demo merchant's owner, clerk and read-only viewer,
/// and the platform's arbitrator and operator, each with a random password.
async fn demo_staff(engine: &Engine<AnyStore>, merchant: &str) -> anyhow::Result<Vec<DemoStaff>> {
    let shop = redress_domain::MerchantId::parse_stored(merchant)
        .map_err(|e| anyhow::anyhow!("the demo merchant's id {e}"))?;
    let people = [
        (StaffRole::Owner, "Wang Li"),
        (StaffRole::Clerk, "Zhang Wei"),
        (StaffRole::ReadOnly, "Liu Yang"),
        (StaffRole::Arbitrator, "Chen Jing"),
        (StaffRole::Operator, "Zhou Min"),
    ];
    let mut staff = Vec::with_capacity(people.len());
    for (role, name) in people {
        let password = generate_password()?;
        let whose = (role.role() == redress_domain::Role::Merchant).then_some(&shop);
        add_staff(
            engine.store(),
            whose,
            name,
            role,
            &password,
            engine.clock().now(),
        )
        .await
        .with_context(|| format!("creating the demo's {} account", role.as_str()))?;
        staff.push(DemoStaff {
            role,
            merchant: whose.map(ToString::to_string).unwrap_or_default(),
            name,
            password,
        });
    }
    Ok(staff)
}

fn print_staff(staff: &[DemoStaff]) {
    println!("Or as a person (the staff sign-in form; the history names who acted):");
    for person in staff {
        let shop = if person.merchant.is_empty() {
            "(platform)"
        } else {
            person.merchant.as_str()
        };
        println!(
            "  {:<12} shop {:<14} name {:<10} password {}",
            person.role.as_str(),
            shop,
            person.name,
            person.password
        );
    }
    println!();
}

fn print_welcome(
    listener: &tokio::net::TcpListener,
    database: &Path,
    outcome: &Outcome,
    keys: &[DemoKey],
    now: jiff::Timestamp,
    started: Instant,
) -> anyhow::Result<()> {
    let address = listener.local_addr()?;
    let host = if address.ip().is_unspecified() {
        "127.0.0.1".to_owned()
    } else {
        address.ip().to_string()
    };
    let url = format!("http://{host}:{}/", address.port());
    println!();
    println!(
        "redress demo: {} weeks of a marketplace with {} merchants, {} orders, {} tickets, {} weekly evaluations and {} penalties, ready in {:.0} s.",
        outcome.days / 7,
        outcome.merchants.len(),
        outcome.orders,
        outcome.tickets.len(),
        outcome.evaluations.len(),
        outcome.penalties.len(),
        started.elapsed().as_secs_f64()
    );
    println!("Database: {} (sandbox clock at {now})", database.display());
    println!();
    println!("  Console      {url}");
    println!("  API docs     {url}docs");
    println!();
    println!("Sign in with one of these keys (each sees what its role may see):");
    for key in keys {
        println!("  {:<12} {:<76} {}", key.role, key.secret, key.whom);
    }
    println!();
    println!(
        "The clock stands still until an operator advances it (the SANDBOX banner). Ctrl-C stops the demo."
    );
    Ok(())
}
