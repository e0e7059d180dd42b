//! `redress policy check FILE`, `redress policy show [--preset NAME | FILE | --version N
//! --database URL]` and `redress policy versions --database URL`.

use anyhow::Context;
use clap::Subcommand;
use redress_domain::policy_history::{PolicyHistory, PolicyVersion};
use redress_store::{AnyStore, State, Store, StreamKey};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Validate a policy file; prints every problem with its key.
    Check { file: PathBuf },
    /// Print a complete policy: the defaults, a preset, or a file with defaults filled in.
    ///
    /// With `--version N --database URL`, a stored version as it was put in force.
    Show {
        #[arg(long, conflicts_with_all = ["file", "stored_version"])]
        preset: Option<String>,
        #[arg(conflicts_with = "stored_version")]
        file: Option<PathBuf>,
        /// A stored version (see `redress policy versions`); needs --database.
        #[arg(long = "version", id = "stored_version", requires = "database")]
        version: Option<u64>,
        /// The database holding the policy's versions (a SQLite path or postgres:// URL).
        #[arg(long, requires = "stored_version")]
        database: Option<String>,
    },
    /// List the stored versions of the policy, oldest first: who put each in force, when,
    /// and what changed.
    Versions {
        /// A SQLite path or postgres:// URL.
        #[arg(long)]
        database: String,
    },
}

pub fn run(command: PolicyCommand) -> anyhow::Result<ExitCode> {
    match command {
        PolicyCommand::Check { file } => match redress_policy::load(&file) {
            Ok(policy) => {
                println!("{}: valid (policy \"{}\")", file.display(), policy.name);
                Ok(ExitCode::SUCCESS)
            }
            Err(error) => {
                eprintln!("{error}");
                Ok(ExitCode::FAILURE)
            }
        },
        PolicyCommand::Show {
            version: Some(version),
            database: Some(database),
            ..
        } => {
            let history = stored_history(&database)?;
            let Some(stored) = history.get(version) else {
                eprintln!(
                    "policy version {version} is not stored; the stored versions are 1 to {}",
                    history.version()
                );
                return Ok(ExitCode::FAILURE);
            };
            print!("{}", heading(stored));
            print!("{}", stored.put.toml);
            Ok(ExitCode::SUCCESS)
        }
        PolicyCommand::Versions { database } => {
            let history = stored_history(&database)?;
            if history.versions.is_empty() {
                println!("no policy stored: SPEC.md's defaults apply");
            }
            for stored in &history.versions {
                print!("{}", heading(stored));
            }
            Ok(ExitCode::SUCCESS)
        }
        PolicyCommand::Show { preset, file, .. } => {
            let policy = match (preset, file) {
                (Some(name), _) => redress_policy::preset(&name).map_err(|e| {
                    anyhow::anyhow!("{e}; presets: {}", redress_policy::PRESETS.join(", "))
                })?,
                (None, Some(file)) => redress_policy::load(&file)
                    .with_context(|| format!("loading {}", file.display()))?,
                (None, None) => redress_domain::Policy::default(),
            };
            print!("{}", redress_policy::to_toml(&policy));
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn stored_history(database: &str) -> anyhow::Result<PolicyHistory> {
    super::runtime()?.block_on(async {
        let store = AnyStore::open(database)
            .await
            .with_context(|| format!("opening {}", redress_store::redact_url(database)))?;
        Ok(match store.load(&StreamKey::Policy).await? {
            Some(State::Policy(history)) => history,
            _ => PolicyHistory::default(),
        })
    })
}

/// A version's facts as TOML comments, so that `show --version` still prints a valid file.
fn heading(stored: &PolicyVersion) -> String {
    let mut text = format!(
        "# version {} \"{}\", put in force {} by {}\n",
        stored.version,
        stored.put.name,
        stored.at,
        redress_store::codec::encode_actor(&stored.actor)
    );
    if stored.put.diff.is_empty() {
        text.push_str("#   no value changed\n");
    }
    for line in &stored.put.diff {
        text.push_str(&format!("#   {line}\n"));
    }
    text
}
