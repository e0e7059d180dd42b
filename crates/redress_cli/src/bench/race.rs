//! `race-worker`, the child process of the racing-instances test: one instance that loads a
//! seeded ticket, says `ready <version>`, waits for `go <expected version>` on stdin, submits
//! its action on the ticket with that expected version, and answers `ok <event kinds>` (what
//! it recorded, comma-separated) or `err <code>`. Two of them released together race on one
//! ticket from two processes; the test checks that one wins and the other is refused.

use crate::instances::SEEDED_AT;
use crate::workload;
use anyhow::Context;
use clap::ValueEnum;
use redress_domain::{Actor, OrderCommand, TicketAction};
use redress_engine::{Command, Engine, EngineConfig, ManualClock, Submission};
use redress_store::AnyStore;
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use tokio::io::{AsyncBufReadExt, BufReader};

/// What a worker does to the ticket: two actions that exclude each other.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RaceAction {
    /// The merchant approves.
    Approve,
    /// The buyer withdraws the request.
    Cancel,
}

/// Far from any version a ticket of the test reaches, so the warm-up is always refused.
const STALE_VERSION_OFFSET: u64 = 1_000_000;

pub fn run(database: &str, lifecycle: u64, action: RaceAction) -> anyhow::Result<ExitCode> {
    crate::runtime()?.block_on(async {
        let store = AnyStore::open(database)
            .await
            .with_context(|| format!("opening {}", redress_store::redact_url(database)))?;
        let start = SEEDED_AT.parse().expect("valid time");
        let engine = Engine::start(
            store,
            Arc::new(ManualClock::new(start)),
            Default::default(),
            EngineConfig::default(),
        );
        let ticket = workload::ticket(lifecycle);
        let order = engine.order_of_ticket(&ticket).await?.with_context(|| {
            format!(
                "no ticket {ticket} in {}",
                redress_store::redact_url(database)
            )
        })?;
        let version = order.tickets[&ticket].version;
        // Warm up: a command with an expected version far from the ticket's is refused and
        // writes nothing, but leaves the order in the writer's cache, so the race below is
        // decided on cached state in both processes, as a busy instance would decide it.
        let warm_up = submission(lifecycle, action, version + STALE_VERSION_OFFSET);
        match engine.execute(warm_up).await {
            Err(error) if error.code() == "version_conflict" => {}
            other => anyhow::bail!("the warm-up should be refused as stale, got {other:?}"),
        }
        say(&format!("ready {version}"))?;

        let mut lines = BufReader::new(tokio::io::stdin()).lines();
        let line = lines.next_line().await?.context("stdin closed before go")?;
        let expected: u64 = line
            .strip_prefix("go ")
            .and_then(|v| v.parse().ok())
            .with_context(|| format!("expected `go <version>`, got {line:?}"))?;
        let answer = match engine
            .execute(submission(lifecycle, action, expected))
            .await
        {
            Ok(receipt) => format!(
                "ok {}",
                receipt
                    .events
                    .iter()
                    .map(|e| e.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Err(error) => format!("err {}", error.code()),
        };
        say(&answer)?;
        engine.shutdown().await;
        Ok(ExitCode::SUCCESS)
    })
}

fn submission(lifecycle: u64, action: RaceAction, expected_version: u64) -> Submission {
    let (actor, action) = match action {
        RaceAction::Approve => (
            Actor::Merchant(workload::merchant(lifecycle)),
            TicketAction::Approve,
        ),
        RaceAction::Cancel => (
            Actor::Buyer(workload::buyer(lifecycle)),
            TicketAction::Cancel,
        ),
    };
    Submission::new(
        actor,
        Command::Order {
            order: workload::order(lifecycle),
            command: OrderCommand::Ticket {
                ticket: workload::ticket(lifecycle),
                expected_version: Some(expected_version),
                action,
            },
        },
    )
}

fn say(line: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")?;
    out.flush()?;
    Ok(())
}
