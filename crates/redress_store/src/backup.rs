//! Backup and restore of the embedded SQLite store.
//!
//! A backup is taken from a live database, while a server writes to it: `VACUUM INTO`
//! copies one read transaction's snapshot (WAL mode lets writers go on meanwhile), so the
//! copy holds exactly the transactions committed before that snapshot and nothing of a later
//! one. A file copy could not do that: the database is two files (the main file and its
//! write-ahead log), changing under the copy. The copy is verified by replay before it takes
//! its name, so a file at the target is always a complete, verified backup.
//!
//! A restore puts a backup in place of a store that nothing uses: it refuses a target that
//! exists unless forced, and even then refuses one that another process has open.
//!
//! PostgreSQL has its own tools (`pg_dump`, continuous archiving); this module refuses it.

use crate::{ReplayReport, SqliteStore, Store, StoreError};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::path::{Path, PathBuf};

/// What a backup or restore produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Copied {
    /// Events in the copy.
    pub events: u64,
    /// The global position of the copy's last event (0 when it has none): every event up to
    /// it is in the copy, and none after it.
    pub last_position: i64,
    /// The replay of the copy: its projections rebuilt from its log and compared.
    pub replay: ReplayReport,
}

impl Copied {
    /// Whether the copy's projections equal a rebuild from its log.
    pub fn verified(&self) -> bool {
        self.replay.differences.is_empty()
    }
}

/// Take an online, consistent copy of the SQLite database at `source` into the new file
/// `target`, and verify it by replay. The copy takes its name only once it is complete and
/// verified; an existing `target` is refused, never overwritten.
pub async fn backup_sqlite(source: &Path, target: &Path) -> Result<Copied, StoreError> {
    if !source.exists() {
        return Err(invalid(format!("no database at {}", source.display())));
    }
    refuse_existing(target, "a backup never overwrites a file")?;
    let partial = sibling(target, "partial");
    remove_database_files(&partial)?;
    let (source, at) = (source.to_owned(), partial.clone());
    blocking(move || {
        // Opened like any connection of the store (WAL, its checks), read-only in effect.
        let conn = crate::sqlite::connect(&source, crate::sqlite::READER_CACHE_KIB)?;
        vacuum_into(&conn, &at)
    })
    .await?;
    finish_copy(&partial, target).await
}

/// Put the backup at `from` in place of the SQLite database at `target`, which must not be
/// in use. An existing `target` is refused unless `force`; with `force` it is replaced, but
/// only if no other connection has it open. The restored file is verified by replay before
/// it replaces anything.
pub async fn restore_sqlite(from: &Path, target: &Path, force: bool) -> Result<Copied, StoreError> {
    if !from.is_file() {
        return Err(invalid(format!("no backup at {}", from.display())));
    }
    if target.exists() {
        if !force {
            refuse_existing(target, "pass --force to replace it")?;
        }
        let probe = target.to_owned();
        if blocking(move || in_use(&probe)).await? {
            return Err(invalid(format!(
                "{} is in use by another process; stop it before restoring",
                target.display()
            )));
        }
    }
    let restoring = sibling(target, "restoring");
    remove_database_files(&restoring)?;
    let (source, at) = (from.to_owned(), restoring.clone());
    blocking(move || {
        let conn = Connection::open_with_flags(&source, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        vacuum_into(&conn, &at)
    })
    .await?;
    let verified = verify(&restoring).await?;
    if !verified.verified() {
        remove_database_files(&restoring)?;
        return Err(invalid(format!(
            "the backup {} does not replay ({} rows differ); nothing was restored",
            from.display(),
            verified.replay.differences.len()
        )));
    }
    // The old store's write-ahead log belongs to the old file: left beside the new one, SQLite
    // would apply it to it.
    remove_database_files(target)?;
    rename_durably(&restoring, target)?;
    Ok(verified)
}

/// Verify the finished copy at `partial`, then give it its name.
async fn finish_copy(partial: &Path, target: &Path) -> Result<Copied, StoreError> {
    let verified = verify(partial).await?;
    if !verified.verified() {
        remove_database_files(partial)?;
        return Err(invalid(format!(
            "the copy does not replay ({} rows differ): {}; no backup was written",
            verified.replay.differences.len(),
            verified.replay.differences.join("; ")
        )));
    }
    rename_durably(partial, target)?;
    Ok(verified)
}

/// Replay the copy at `path` and count its events; leave it one self-contained file.
async fn verify(path: &Path) -> Result<Copied, StoreError> {
    let store = SqliteStore::open(path)?;
    let replay = store.replay().await?;
    drop(store);
    let path = path.to_owned();
    blocking(move || {
        let conn = Connection::open(&path)?;
        let (events, last_position): (i64, i64) = conn.query_row(
            "SELECT COUNT(*), COALESCE(MAX(position), 0) FROM events",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        // Out of WAL mode: the copy is one file again, its log folded in, before it is
        // renamed (a log left behind under the old name would be lost).
        let _mode: String = conn.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0))?;
        drop(conn);
        std::fs::File::open(&path)
            .and_then(|f| f.sync_all())
            .map_err(|e| invalid(format!("syncing {}: {e}", path.display())))?;
        Ok(Copied {
            events: events as u64,
            last_position,
            replay,
        })
    })
    .await
}

/// Write one snapshot of `conn`'s database into the new file `target`.
fn vacuum_into(conn: &Connection, target: &Path) -> Result<(), StoreError> {
    let name = target
        .to_str()
        .ok_or_else(|| invalid(format!("{}: not a UTF-8 path", target.display())))?;
    conn.execute("VACUUM INTO ?1", [name])?;
    std::fs::File::open(target)
        .and_then(|f| f.sync_all())
        .map_err(|e| invalid(format!("syncing {}: {e}", target.display())))?;
    Ok(())
}

/// Whether another connection has the database at `path` open. Every connection of a store
/// in WAL mode holds a shared lock for as long as it is open, so an exclusive lock is
/// granted only to a connection alone with the file.
fn in_use(path: &Path) -> Result<bool, StoreError> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    conn.busy_timeout(std::time::Duration::ZERO)?;
    let _mode: String = conn.query_row("PRAGMA locking_mode=EXCLUSIVE", [], |r| r.get(0))?;
    match conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;") {
        Ok(()) => Ok(false),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if matches!(e.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) =>
        {
            Ok(true)
        }
        Err(other) => Err(other.into()),
    }
}

fn refuse_existing(path: &Path, why: &str) -> Result<(), StoreError> {
    if path.exists() {
        return Err(invalid(format!("{} exists; {why}", path.display())));
    }
    Ok(())
}

/// `path` with `.suffix` added: a working name beside the final one, on the same file
/// system, so that the final rename is atomic.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".{suffix}"));
    PathBuf::from(name)
}

/// Remove a database file and the write-ahead log and shared-memory files SQLite keeps
/// beside it (`<db>-wal`, `<db>-shm`).
fn remove_database_files(path: &Path) -> Result<(), StoreError> {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let file = PathBuf::from(name);
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(invalid(format!("removing {}: {e}", file.display()))),
        }
    }
    Ok(())
}

/// Rename `from` to `to` and sync the directory, so that the new name survives a crash.
fn rename_durably(from: &Path, to: &Path) -> Result<(), StoreError> {
    std::fs::rename(from, to).map_err(|e| invalid(format!("renaming to {}: {e}", to.display())))?;
    let dir = to
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Ok(dir) = std::fs::File::open(dir) {
        // Not every platform can sync a directory; the rename itself has happened.
        let _ = dir.sync_all();
    }
    Ok(())
}

async fn blocking<T, F>(f: F) -> Result<T, StoreError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, StoreError> + Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| StoreError::Task(e.to_string()))?
}

fn invalid(message: String) -> StoreError {
    StoreError::Invalid(message)
}
