//! Which backends a test runs on, and the one way to run a test on each of them.
//!
//! SQLite always; PostgreSQL when `REDRESS_TEST_POSTGRES` names a server. Without it the
//! PostgreSQL runs are skipped, said once per test binary past the harness's capture of
//! output, so that such a run cannot be mistaken for a full one; with `CI` set, a missing
//! server fails the test instead, since CI must not pass by skipping. A server that is named
//! but unusable always fails (see [`crate::Database::open`]).

use std::any::Any;
use std::fmt;
use std::future::Future;
use std::io::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::Once;
use std::task::{Context, Poll};

/// The variable naming the PostgreSQL server of the tests: `postgres://user@host:port/db`.
pub const POSTGRES_VARIABLE: &str = "REDRESS_TEST_POSTGRES";

/// Set (to anything) in CI, where the PostgreSQL tests must run rather than skip.
pub const CI_VARIABLE: &str = "CI";

/// The PostgreSQL server the tests use, or `None` after saying once that the PostgreSQL tests
/// are skipped.
///
/// # Panics
///
/// When `CI` is set and `REDRESS_TEST_POSTGRES` is not.
pub fn postgres_url() -> Option<String> {
    let url = std::env::var(POSTGRES_VARIABLE)
        .ok()
        .filter(|url| !url.is_empty());
    if url.is_none() {
        assert!(
            std::env::var_os(CI_VARIABLE).is_none(),
            "{CI_VARIABLE} is set but {POSTGRES_VARIABLE} is not: the PostgreSQL tests must run in CI"
        );
        say_postgres_skipped();
    }
    url
}

/// Says once per test binary that the PostgreSQL tests were skipped and how to run them,
/// on the process's stderr itself (the harness captures only `eprintln!`), so it shows.
pub fn say_postgres_skipped() {
    static SAID: Once = Once::new();
    SAID.call_once(|| {
        let _ = writeln!(
            std::io::stderr(),
            "PostgreSQL tests skipped: set {POSTGRES_VARIABLE}=postgres://user@host:port/db to run them"
        );
    });
}

/// Which database a test runs on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A file in a temporary directory.
    Sqlite,
    /// A schema of the test's own on the server at `url`, so that tests run in parallel.
    Postgres { url: String },
}

impl Backend {
    /// PostgreSQL, if `REDRESS_TEST_POSTGRES` names a server ([`postgres_url`]).
    pub fn postgres() -> Option<Backend> {
        postgres_url().map(|url| Backend::Postgres { url })
    }

    /// The backends of this run: SQLite, then PostgreSQL when configured.
    pub fn each() -> Vec<Backend> {
        let mut backends = vec![Backend::Sqlite];
        backends.extend(Backend::postgres());
        backends
    }

    /// `sqlite` or `postgres`, as failures and test names say it.
    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres { .. } => "postgres",
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Run `test` on `backend`; a panic in it fails with the backend's name in front of its
/// message, so that a test run on each backend in turn says which one failed.
pub async fn on_backend<Fut: Future>(backend: &Backend, test: Fut) -> Fut::Output {
    match CatchUnwind(Box::pin(test)).await {
        Ok(output) => output,
        Err(panic) => panic!("failed on {backend}: {}", message(&*panic)),
    }
}

/// Run `test` on each backend in turn ([`Backend::each`]), a failure naming its backend.
pub async fn each_backend<F, Fut>(test: F)
where
    F: Fn(Backend) -> Fut,
    Fut: Future<Output = ()>,
{
    for backend in Backend::each() {
        on_backend(&backend, test(backend.clone())).await;
    }
}

/// Runs a test once per backend, as two tests whose names say the backend.
/// `on_every_backend!(#[tokio::test] name);` placed before `async fn name(backend: Backend)`
/// makes the tests `name::sqlite` and `name::postgres`, with the runtime the attributes ask
/// for; the PostgreSQL one returns at once without `REDRESS_TEST_POSTGRES`
/// ([`Backend::postgres`]). A test function left out of it is never called, which the
/// compiler reports as dead code.
#[macro_export]
macro_rules! on_every_backend {
    ($(#[$runtime:meta])+ $test:ident) => {
        mod $test {
            $(#[$runtime])+
            async fn sqlite() {
                super::$test($crate::Backend::Sqlite).await;
            }

            $(#[$runtime])+
            async fn postgres() {
                if let Some(backend) = $crate::Backend::postgres() {
                    super::$test(backend).await;
                }
            }
        }
    };
}

/// A panic's message, when it has one.
fn message(panic: &(dyn Any + Send)) -> String {
    if let Some(text) = panic.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_owned()
    }
}

/// A future that turns a panic while polling into an `Err`, so that [`on_backend`] needs no
/// spawned task (the test's future need not be `Send` or `'static`).
struct CatchUnwind<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchUnwind<F> {
    type Output = Result<F::Output, Box<dyn Any + Send>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self.0.as_mut();
        // Unwind safety: after a panic the future is dropped, never polled again.
        match catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Err(panic) => Poll::Ready(Err(panic)),
        }
    }
}
