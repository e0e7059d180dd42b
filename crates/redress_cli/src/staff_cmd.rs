//! `redress staff add|list|remove`: staff accounts for the console, written straight to the
//! database, as `redress keys` writes keys. The first owner of a shop is made here; owners
//! then add the rest in the console. A password is read from `REDRESS_STAFF_PASSWORD` or,
//! without it, from the first line of standard input: never from the command line, which
//! other users of the machine can read.

use anyhow::Context;
use clap::Subcommand;
use redress_domain::MerchantId;
use redress_engine::{Clock, SystemClock};
use redress_http::staff::{self, StaffRole};
use redress_store::AnyStore;
use redress_store::staff::StaffStore;
use std::io::BufRead;
use std::process::ExitCode;

/// Where a password may come from besides standard input.
const PASSWORD_ENV: &str = "REDRESS_STAFF_PASSWORD";

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Add a person. The password comes from REDRESS_STAFF_PASSWORD or the first line of
    /// standard input. Prints the person's id.
    Add {
        /// The shop a merchant's person (owner, clerk, read_only) works for; none for the
        /// platform's arbitrators and operators.
        #[arg(long)]
        merchant: Option<String>,
        /// The name they sign in with, unique within the shop (or the platform).
        #[arg(long)]
        name: String,
        /// owner, clerk, read_only, arbitrator or operator.
        #[arg(long)]
        role: String,
        #[arg(long, env = "REDRESS_DATABASE", default_value = "redress.db")]
        database: String,
    },
    /// List a shop's people (or, without --merchant, the platform's): id, whose, role,
    /// created, name. Never a password or its hash.
    List {
        #[arg(long)]
        merchant: Option<String>,
        #[arg(long, env = "REDRESS_DATABASE", default_value = "redress.db")]
        database: String,
    },
    /// Remove a person at once: their key is revoked and their sessions end.
    Remove {
        staff_id: String,
        #[arg(long, env = "REDRESS_DATABASE", default_value = "redress.db")]
        database: String,
    },
}

fn merchant(raw: Option<&str>) -> anyhow::Result<Option<MerchantId>> {
    raw.map(|m| MerchantId::parse(m).map_err(|e| anyhow::anyhow!("--merchant: the id {e}")))
        .transpose()
}

/// The password from the environment, or else the first line of standard input.
fn password() -> anyhow::Result<String> {
    if let Ok(password) = std::env::var(PASSWORD_ENV) {
        return Ok(password);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

pub fn run(command: StaffCommand) -> anyhow::Result<ExitCode> {
    super::runtime()?.block_on(async move {
        let open = |database: String| async move {
            AnyStore::open(&database)
                .await
                .with_context(|| format!("opening {}", redress_store::redact_url(&database)))
        };
        match command {
            StaffCommand::Add {
                merchant: shop,
                name,
                role,
                database,
            } => {
                let role = StaffRole::parse(&role).ok_or_else(|| {
                    anyhow::anyhow!(
                        "unknown role {role:?}; one of owner, clerk, read_only, arbitrator, operator"
                    )
                })?;
                let shop = merchant(shop.as_deref())?;
                let password = password()?;
                let store = open(database).await?;
                let person = staff::add_staff(
                    &store,
                    shop.as_ref(),
                    &name,
                    role,
                    &password,
                    SystemClock.now(),
                )
                .await?;
                eprintln!("added {person}");
                println!("{}", person.staff_id);
                Ok(ExitCode::SUCCESS)
            }
            StaffCommand::List {
                merchant: shop,
                database,
            } => {
                let shop = merchant(shop.as_deref())?;
                let store = open(database).await?;
                println!("staff_id\twhose\trole\tcreated\tname");
                for person in staff::list_staff(&store, shop.as_ref()).await? {
                    println!("{person}");
                }
                Ok(ExitCode::SUCCESS)
            }
            StaffCommand::Remove { staff_id, database } => {
                let store = open(database).await?;
                let now = SystemClock.now().as_microsecond();
                if store.remove_staff(&staff_id, now).await? {
                    println!("removed {staff_id}");
                    Ok(ExitCode::SUCCESS)
                } else {
                    eprintln!("no active staff account {staff_id}");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    })
}
