//! `redress backup` and `redress restore`: an online, consistent copy of a running SQLite
//! store, verified by replay, and putting one back in place of a stopped store.
//! PostgreSQL is backed up with its own tools (`pg_dump`, or continuous archiving for
//! point-in-time recovery); `redress replay` then checks the restored database.

use anyhow::Context;
use redress_store::AnyStore;
use redress_store::backup::{self, Copied};
use std::path::Path;
use std::process::ExitCode;

const POSTGRES_BACKUP: &str = "PostgreSQL is backed up with its own tools: `pg_dump --format=custom` \
     (restore with `pg_restore`), or continuous archiving for point-in-time recovery; then check \
     the restored database with `redress replay --database URL` (see docs/OPERATIONS.md)";

/// `database` is `sqlite://PATH` or a path; a `postgres://` URL is refused with the way to
/// back PostgreSQL up.
pub fn backup(database: &str, to: &Path) -> anyhow::Result<ExitCode> {
    let Some(source) = AnyStore::sqlite_file(database) else {
        anyhow::bail!("redress backup copies SQLite stores only. {POSTGRES_BACKUP}");
    };
    let copied = crate::runtime()?
        .block_on(backup::backup_sqlite(source, to))
        .with_context(|| format!("backing up {} to {}", source.display(), to.display()))?;
    report("backup", to, &copied);
    Ok(ExitCode::SUCCESS)
}

/// Put the backup `from` in place of the SQLite store `database`, which must be stopped.
pub fn restore(from: &Path, database: &str, force: bool) -> anyhow::Result<ExitCode> {
    let Some(target) = AnyStore::sqlite_file(database) else {
        anyhow::bail!("redress restore writes SQLite stores only. {POSTGRES_BACKUP}");
    };
    let copied = crate::runtime()?
        .block_on(backup::restore_sqlite(from, target, force))
        .with_context(|| format!("restoring {} to {}", from.display(), target.display()))?;
    report("restore", target, &copied);
    Ok(ExitCode::SUCCESS)
}

fn report(what: &str, path: &Path, copied: &Copied) {
    println!(
        "{what}: {} written: {} events (up to position {}) in {} streams; replay equals every projection",
        path.display(),
        copied.events,
        copied.last_position,
        copied.replay.streams,
    );
}
