//! `redress keys create|list|revoke`: API keys for `redress serve`, written straight to the
//! database. A secret is printed once, at creation; only its digest is stored.

use anyhow::Context;
use clap::Subcommand;
use redress_engine::{Clock, SystemClock};
use redress_http::auth::{self, Scope};
use redress_store::AnyStore;
use redress_store::api::ApiStore;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Create a key. Prints its id on standard error and the secret, once, on standard output.
    Create {
        /// operator, arbitrator, merchant, buyer or integration.
        #[arg(long)]
        role: String,
        /// The merchant a merchant key acts for.
        #[arg(long)]
        merchant: Option<String>,
        /// The buyer a buyer key acts for.
        #[arg(long)]
        buyer: Option<String>,
        /// What the key is for, shown by `keys list`.
        #[arg(long, default_value = "")]
        name: String,
        #[arg(long, env = "REDRESS_DATABASE", default_value = "redress.db")]
        database: String,
    },
    /// List every key: id, scope, created, state, name. Never the secrets.
    List {
        #[arg(long, env = "REDRESS_DATABASE", default_value = "redress.db")]
        database: String,
    },
    /// Revoke a key at once; requests with it answer 401 from then on.
    Revoke {
        key_id: String,
        #[arg(long, env = "REDRESS_DATABASE", default_value = "redress.db")]
        database: String,
    },
}

pub fn run(command: KeysCommand) -> anyhow::Result<ExitCode> {
    super::runtime()?.block_on(async move {
        let open = |database: String| async move {
            AnyStore::open(&database)
                .await
                .with_context(|| format!("opening {}", redress_store::redact_url(&database)))
        };
        match command {
            KeysCommand::Create {
                role,
                merchant,
                buyer,
                name,
                database,
            } => {
                let scope = Scope::parse(&role, merchant.as_deref(), buyer.as_deref())?;
                let store = open(database).await?;
                let (info, secret) =
                    auth::create_key(&store, &scope, &name, SystemClock.now()).await?;
                eprintln!("created {info}");
                eprintln!("the secret is shown once; keep it now:");
                println!("{secret}");
                Ok(ExitCode::SUCCESS)
            }
            KeysCommand::List { database } => {
                let store = open(database).await?;
                println!("key_id\tscope\tcreated\tstate\tname");
                for key in auth::list_keys(&store).await? {
                    println!("{key}");
                }
                Ok(ExitCode::SUCCESS)
            }
            KeysCommand::Revoke { key_id, database } => {
                let store = open(database).await?;
                let now = SystemClock.now().as_microsecond();
                if store.revoke_api_key(&key_id, now).await? {
                    println!("revoked {key_id}");
                    Ok(ExitCode::SUCCESS)
                } else {
                    eprintln!("no active key {key_id}");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    })
}
