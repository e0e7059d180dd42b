//! The commit's span (`commit`, at debug level): the backend, how many writes and event rows
//! the batch holds, and how long the transaction took. Nothing is counted or timed unless a
//! subscriber wants the span, so a server logging at `info` pays nothing per batch.

use crate::{StoreError, Write};
use std::time::Instant;
use tracing::Span;

/// An open commit span; [`CommitSpan::finish`] records the duration and logs the outcome.
#[derive(Debug)]
pub(crate) struct CommitSpan {
    span: Span,
    started: Option<Instant>,
}

impl CommitSpan {
    pub(crate) fn start(backend: &'static str, batch: &[Write]) -> CommitSpan {
        let span = tracing::debug_span!(
            "commit",
            backend,
            writes = batch.len(),
            rows = tracing::field::Empty,
            duration_us = tracing::field::Empty
        );
        if span.is_disabled() {
            return CommitSpan {
                span,
                started: None,
            };
        }
        let rows: usize = batch.iter().map(|write| write.events.len()).sum();
        span.record("rows", rows);
        CommitSpan {
            span,
            started: Some(Instant::now()),
        }
    }

    /// The span, to run the commit in.
    pub(crate) fn span(&self) -> Span {
        self.span.clone()
    }

    pub(crate) fn finish<T>(self, outcome: &Result<T, StoreError>) {
        let Some(started) = self.started else {
            return;
        };
        let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
        self.span.record("duration_us", micros);
        self.span.in_scope(|| match outcome {
            Ok(_) => tracing::debug!("committed"),
            Err(error) => tracing::debug!(%error, "commit failed"),
        });
    }
}
