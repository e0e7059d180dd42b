//! `redress policy check FILE` and `redress policy show [--preset NAME | FILE]`.

use anyhow::Context;
use clap::Subcommand;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Validate a policy file; prints every problem with its key.
    Check { file: PathBuf },
    /// Print a complete policy: the defaults, a preset, or a file with defaults filled in.
    Show {
        #[arg(long, conflicts_with = "file")]
        preset: Option<String>,
        file: Option<PathBuf>,
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
        PolicyCommand::Show { preset, file } => {
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
