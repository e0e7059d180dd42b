//! The crash test's child process: reads commands from stdin, one per line
//! (`<id> <step> <lifecycle>`), executes them concurrently, and prints `ack <id>` only after
//! the command is committed (or `rej <id> <code>` if refused). The test kills it with
//! SIGKILL at random moments and checks that every acknowledged command survived.

use crate::workload::{self, Step};
use anyhow::Context;
use redress_engine::{Engine, EngineConfig, ManualClock};
use redress_store::SqliteStore;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, BufReader};

pub fn run(database: &Path) -> anyhow::Result<ExitCode> {
    let runtime = crate::runtime()?;
    runtime.block_on(async {
        let store = SqliteStore::open(database)
            .with_context(|| format!("opening {}", database.display()))?;
        let start = "2026-03-02T02:00:00Z".parse().expect("valid time");
        let engine = Engine::start(
            store,
            Arc::new(ManualClock::new(start)),
            Default::default(),
            EngineConfig::default(),
        );
        let stdout = Arc::new(Mutex::new(std::io::stdout()));
        let mut lines = BufReader::new(tokio::io::stdin()).lines();
        let mut tasks = tokio::task::JoinSet::new();
        while let Some(line) = lines.next_line().await? {
            let mut parts = line.split_whitespace();
            let (Some(id), Some(step), Some(n)) = (parts.next(), parts.next(), parts.next()) else {
                anyhow::bail!("bad line {line:?}");
            };
            let id = id.to_owned();
            let step = Step::parse(step).with_context(|| format!("bad step in {line:?}"))?;
            let n: u64 = n
                .parse()
                .with_context(|| format!("bad lifecycle in {line:?}"))?;
            let submission = workload::submission(n, step, start).with_key(format!("crash-{id}"));
            let engine = engine.clone();
            let stdout = stdout.clone();
            tasks.spawn(async move {
                let answer = match engine.execute(submission).await {
                    Ok(_) => format!("ack {id}"),
                    Err(error) => format!("rej {id} {}", error.code()),
                };
                let mut out = stdout.lock().expect("stdout lock");
                let _ = writeln!(out, "{answer}");
                let _ = out.flush();
            });
        }
        while tasks.join_next().await.is_some() {}
        engine.shutdown().await;
        Ok(ExitCode::SUCCESS)
    })
}
