//! A database of a test's own: an SQLite file in a temporary directory, or a schema of its
//! own on the PostgreSQL server (so that tests run in parallel), removed when dropped.

use crate::{Backend, POSTGRES_VARIABLE};
use redress_store::postgres::{PgPool, drop_schema};
use redress_store::{AnyStore, PgStore, SqliteStore};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::Duration;
use tempfile::TempDir;

/// How long dropping a test's PostgreSQL schema may take before giving up on it and saying
/// so. Only a test that failed in the middle of a commit can make it wait at all.
const SCHEMA_DROP_WAIT: Duration = Duration::from_secs(30);

/// One database under test, shared by the stores a test opens on it and removed when dropped:
/// the temporary directory removes itself, and `Drop` drops the PostgreSQL schema.
#[derive(Debug)]
pub struct Database {
    backend: Backend,
    place: Place,
}

#[derive(Debug)]
enum Place {
    Sqlite {
        _dir: TempDir,
        path: PathBuf,
    },
    Postgres {
        url: String,
        schema: String,
        /// Whether the schema was made, so that there is one to drop.
        made: AtomicBool,
    },
}

impl Database {
    /// A new, empty database on `backend`; `prefix` starts its PostgreSQL schema's name
    /// (`redress_http_test`), so that a schema left behind says which tests made it. Nothing
    /// is created before the first [`Database::open`].
    pub fn create(backend: &Backend, prefix: &str) -> Database {
        let place = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary directory");
                Place::Sqlite {
                    path: dir.path().join("redress.db"),
                    _dir: dir,
                }
            }
            Backend::Postgres { url } => Place::Postgres {
                url: url.clone(),
                schema: unique_schema(prefix),
                made: AtomicBool::new(false),
            },
        };
        Database {
            backend: backend.clone(),
            place,
        }
    }

    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// The SQLite file, on SQLite.
    pub fn sqlite_path(&self) -> Option<&Path> {
        match &self.place {
            Place::Sqlite { path, .. } => Some(path),
            Place::Postgres { .. } => None,
        }
    }

    /// The server's URL and the test's schema, on PostgreSQL.
    pub fn postgres_schema(&self) -> Option<(&str, &str)> {
        match &self.place {
            Place::Sqlite { .. } => None,
            Place::Postgres { url, schema, .. } => Some((url, schema)),
        }
    }

    /// A new handle on the database, with connections of its own as another process would
    /// have; the first one creates the tables.
    ///
    /// # Panics
    ///
    /// When the database cannot be opened: a PostgreSQL server that is named but unusable
    /// fails the test, since CI must not pass by skipping.
    pub async fn open(&self) -> AnyStore {
        match &self.place {
            Place::Sqlite { path, .. } => {
                AnyStore::Sqlite(SqliteStore::open(path).expect("the database opens"))
            }
            Place::Postgres { url, schema, made } => {
                let store = PgStore::connect_in_schema(url, schema)
                    .await
                    .unwrap_or_else(|e| {
                        panic!("{POSTGRES_VARIABLE}={url} is set but unusable: {e}")
                    });
                made.store(true, Ordering::SeqCst);
                AnyStore::Postgres(store)
            }
        }
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        let Place::Postgres { url, schema, made } = &self.place else {
            return;
        };
        if !made.load(Ordering::SeqCst) {
            return;
        }
        // Drop cannot await, and the test's runtime may be a current-thread one that this very
        // thread drives: drop the schema from a thread with a runtime and a connection of its
        // own. Never panics, since this also runs while a failed test unwinds.
        let (url, schema) = (url.clone(), schema.clone());
        let shown = schema.clone();
        let (done, dropped) = mpsc::channel();
        std::thread::spawn(move || {
            let outcome = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())
                .and_then(|runtime| {
                    runtime.block_on(async {
                        let pool = PgPool::connect(&url).await.map_err(|e| e.to_string())?;
                        let outcome = drop_schema(&pool, &schema).await;
                        pool.close().await;
                        outcome.map_err(|e| e.to_string())
                    })
                });
            let _ = done.send(outcome);
        });
        let problem = match dropped.recv_timeout(SCHEMA_DROP_WAIT) {
            Ok(Ok(())) => return,
            Ok(Err(error)) => error,
            Err(_) => format!("still waiting after {SCHEMA_DROP_WAIT:?}"),
        };
        let _ = writeln!(
            std::io::stderr(),
            "test schema {shown} was not dropped: {problem}"
        );
    }
}

/// A schema name starting with `prefix` that no other test, in this run or another at the
/// same time, uses: the process id, a counter, and the clock's nanoseconds.
pub fn unique_schema(prefix: &str) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "{prefix}_{}_{}_{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// `url` with its connections' `search_path` set to `schema`: how a child process (the CLI
/// under test) is pointed at a test's schema.
pub fn schema_url(url: &str, schema: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}options=-csearch_path%3D{schema}")
}
