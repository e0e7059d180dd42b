//! The console's sessions, on the server's side: the cookie that names one, and the key a
//! live session stands for. The console (crate `redress_console`) opens and ends them; the
//! rate limiter ([`crate::limits`]) counts a session's requests against its key's bucket.
//!
//! The browser's `HttpOnly; SameSite=Strict` cookie holds only a random session id (256 bits
//! from the operating system), and the store keeps only that id's SHA-256 digest and the
//! key's id (`console_sessions`). Every request looks the session and its key up again, so
//! revoking the key signs the browser out at its next click. A session ends
//! [`SESSION_IDLE`] after its last request, [`SESSION_LIFETIME`] after sign-in at the
//! latest, or at sign-out.

use crate::AppState;
use crate::auth::{Principal, digest, principal_of_record};
use crate::error::ApiError;
use axum::http::{HeaderMap, header};
use redress_store::api::{ConsoleSessionRecord, ConsoleSessionStore};

/// The session cookie: a random session id, never the API key.
pub const SESSION_COOKIE: &str = "redress_session";
/// A session ends this long after its last request (µs): 12 hours.
pub const SESSION_IDLE: i64 = 12 * 3600 * 1_000_000;
/// A session ends this long after sign-in whatever its use (µs): 7 days.
pub const SESSION_LIFETIME: i64 = 7 * 24 * 3600 * 1_000_000;
/// A request moves its session's end only when that gains at least this much (µs), so a
/// busy console writes to the store once in five minutes, not on every click.
const SESSION_EXTEND_STEP: i64 = 5 * 60 * 1_000_000;
/// Random bytes in a session id.
const SESSION_ID_BYTES: usize = 32;

/// The value of cookie `name`, if the request carries it.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim().to_owned())
}

/// Open a session for the key and return its id, for the cookie; sessions that ended are
/// swept out on the way.
pub async fn open_session(state: &AppState, principal: &Principal) -> Result<String, ApiError> {
    let mut bytes = [0u8; SESSION_ID_BYTES];
    getrandom::fill(&mut bytes).map_err(|error| {
        tracing::error!(%error, "the operating system's random source failed");
        ApiError::internal("could not open a session; try again")
    })?;
    let id = hex::encode(bytes);
    let now_us = session_now(state);
    let store = state.engine.store();
    store.purge_console_sessions(now_us).await?;
    store
        .insert_console_session(ConsoleSessionRecord {
            session_sha256: digest(&id),
            key_id: principal.key_id.clone(),
            created_us: now_us,
            expires_us: now_us.saturating_add(SESSION_IDLE),
        })
        .await?;
    Ok(id)
}

/// End the session `id` names, if it has the form of one (sign-out).
pub async fn end_session(state: &AppState, id: &str) -> Result<(), ApiError> {
    if well_formed(id) {
        state
            .engine
            .store()
            .end_console_session(&digest(id))
            .await?;
    }
    Ok(())
}

/// The instant sessions are timed by: the engine's clock, except in a sandbox, whose test
/// clock jumps days ahead at an operator's word and must not sign everyone out; sessions
/// there run on the wall clock.
fn session_now(state: &AppState) -> i64 {
    use redress_engine::Clock;
    match state.sandbox {
        Some(_) => redress_engine::SystemClock.now().as_microsecond(),
        None => state.engine.clock().now().as_microsecond(),
    }
}

/// Whether `id` has the form of a session id this server gives out (no store lookup for
/// anything else).
fn well_formed(id: &str) -> bool {
    id.len() == 2 * SESSION_ID_BYTES
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The caller of a live session, moving its end on; `None` when the session is unknown, has
/// ended, or its key was revoked (the session is then deleted).
pub async fn principal_of_session(
    state: &AppState,
    id: &str,
) -> Result<Option<Principal>, ApiError> {
    if !well_formed(id) {
        return Ok(None);
    }
    let session_sha256 = digest(id);
    let store = state.engine.store();
    let Some((session, key)) = store.console_session(&session_sha256).await? else {
        return Ok(None);
    };
    let now_us = session_now(state);
    if now_us >= session.expires_us || key.revoked_us.is_some() {
        store.end_console_session(&session_sha256).await?;
        return Ok(None);
    }
    let principal = principal_of_record(&key)?;
    let extended = now_us
        .saturating_add(SESSION_IDLE)
        .min(session.created_us.saturating_add(SESSION_LIFETIME));
    if extended - session.expires_us >= SESSION_EXTEND_STEP {
        store
            .extend_console_session(&session_sha256, extended)
            .await?;
    }
    Ok(Some(principal))
}
