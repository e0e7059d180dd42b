//! Small parsers for the scenario format's values, each with an error that says what was
//! expected.

use jiff::SignedDuration;
use redress_domain::dispute::Responsibility;
use redress_domain::evidence::{Evidence, EvidenceKind};
use redress_domain::{
    Actor, BuyerId, DeadlineKind, FulfilmentStage, MerchantId, PenaltyId, Reason, Signer, StaffId,
    TicketKind, Timestamp,
};

pub type Parsed<T> = Result<T, String>;

/// "48h", "7d", "30m", "90s", "1d12h", or anything jiff reads ("PT48H", "2h 30m").
pub fn duration(raw: &str) -> Parsed<SignedDuration> {
    let compact = raw.trim();
    if let Some(total) = compact_units(compact) {
        return Ok(total);
    }
    compact
        .parse::<SignedDuration>()
        .map_err(|e| format!("{raw:?} is not a duration like \"48h\", \"7d\" or \"PT48H\": {e}"))
}

fn compact_units(raw: &str) -> Option<SignedDuration> {
    let mut total = SignedDuration::ZERO;
    let mut number = String::new();
    let mut any = false;
    for c in raw.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: i64 = number.parse().ok()?;
        number.clear();
        let seconds = match c {
            'd' => n * 86_400,
            'h' => n * 3_600,
            'm' => n * 60,
            's' => n,
            _ => return None,
        };
        total = total.checked_add(SignedDuration::from_secs(seconds))?;
        any = true;
    }
    (number.is_empty() && any).then_some(total)
}

/// A penalty's id, e.g. "2026-03-11:mass_overdue".
pub fn penalty(raw: &str) -> Parsed<PenaltyId> {
    PenaltyId::parse(raw).map_err(|e| format!("penalty {raw:?} {e}"))
}

pub fn timestamp(raw: &str) -> Parsed<Timestamp> {
    raw.parse::<Timestamp>().map_err(|e| {
        format!("{raw:?} is not an RFC 3339 time such as 2026-03-02T10:00:00+08:00: {e}")
    })
}

pub fn actor(raw: &str) -> Parsed<Actor> {
    let bad = |why: String| format!("actor {raw:?}: {why}");
    let (role, id) = raw.split_once(':').unwrap_or((raw, ""));
    Ok(match role {
        "buyer" => Actor::Buyer(BuyerId::parse(id).map_err(|e| bad(e.to_string()))?),
        "merchant" => Actor::Merchant(MerchantId::parse(id).map_err(|e| bad(e.to_string()))?),
        "arbitrator" => Actor::Arbitrator(StaffId::parse(id).map_err(|e| bad(e.to_string()))?),
        "operator" => Actor::Operator(StaffId::parse(id).map_err(|e| bad(e.to_string()))?),
        "integration" => Actor::Integration,
        "system" => Actor::System,
        _ => {
            return Err(bad(
                "expected buyer:ID, merchant:ID, arbitrator:ID, operator:ID, integration or system"
                    .to_owned(),
            ));
        }
    })
}

fn one_of<T: Copy>(what: &str, raw: &str, all: &[T], name: fn(T) -> &'static str) -> Parsed<T> {
    all.iter()
        .copied()
        .find(|v| name(*v) == raw)
        .ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|v| name(*v)).collect();
            format!("{what} {raw:?} is not one of: {}", names.join(", "))
        })
}

pub fn kind(raw: &str) -> Parsed<TicketKind> {
    one_of("kind", raw, &TicketKind::ALL, TicketKind::as_str)
}

pub fn reason(raw: &str) -> Parsed<Reason> {
    one_of("reason", raw, &Reason::ALL, Reason::as_str)
}

pub fn evidence_kind(raw: &str) -> Parsed<EvidenceKind> {
    one_of("evidence", raw, &EvidenceKind::ALL, EvidenceKind::as_str)
}

pub fn deadline_kind(raw: &str) -> Parsed<DeadlineKind> {
    one_of("deadline", raw, &DeadlineKind::ALL, DeadlineKind::as_str)
}

pub fn responsibility(raw: &str) -> Parsed<Responsibility> {
    one_of(
        "responsibility",
        raw,
        &Responsibility::ALL,
        Responsibility::as_str,
    )
}

pub fn stage(raw: &str) -> Parsed<FulfilmentStage> {
    one_of("stage", raw, &FulfilmentStage::ALL, FulfilmentStage::as_str)
}

pub fn signer(raw: &str) -> Parsed<Signer> {
    Ok(match raw {
        "buyer" => Signer::Buyer,
        "proxy" => Signer::Proxy,
        "locker_with_consent" => Signer::LockerWithConsent,
        "locker_without_consent" => Signer::LockerWithoutConsent,
        _ => {
            return Err(format!(
                "signer {raw:?} is not one of: buyer, proxy, locker_with_consent, locker_without_consent"
            ));
        }
    })
}

/// Evidence given as kinds; each gets a reference naming it, as a stored file would.
pub fn evidence(kinds: &[String]) -> Parsed<Vec<Evidence>> {
    kinds
        .iter()
        .map(|k| {
            Ok(Evidence {
                kind: evidence_kind(k)?,
                reference: format!("scenario:{k}"),
                note: String::new(),
            })
        })
        .collect()
}
