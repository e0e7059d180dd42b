//! The platform policy as a TOML file: read, checked, rendered, and shipped as presets.
//!
//! Architecture Invariant: only this crate knows the policy file format. The domain's
//! [`Policy`] derives no serde; the file is this crate's own DTOs, converted explicitly, so the
//! file can use readable units while the domain keeps exact integers.
//!
//! # The file
//!
//! Every key is optional and falls back to SPEC.md's default, so an empty file is
//! [`Policy::default()`]. `preset = "kuaishou"` or `preset = "channels"`, at the top, starts
//! from a preset instead. Units are in the key names (`_hours`, `_days`, `_seconds`,
//! `_minor` for money in minor units); rates are percentages and multipliers and scores are
//! decimals, all written as strings and read exactly, without floats:
//!
//! ```toml
//! preset = "channels"
//! name = "channels-strict"
//!
//! [deadlines]
//! merchant_response_hours = 24
//!
//! [dispute_rate]
//! counting = "buyer_initiated"          # or "tickets_escalated"
//! standard = { fixed = "0.5%" }         # or { relative_to_average = "1.5" }
//! reference_rate = "0.4%"               # 4_000 ppm; finer than 0.0001% is refused
//!
//! [store_score]
//! refund_only_bands = [{ hours_max = 2, score = "5" }, { hours_max = 6, score = "4.5" }]
//! refund_only_floor = "2"
//!
//! [evaluation]
//! weekday = "wednesday"
//! time = "02:00"
//! ```
//!
//! [`to_toml`] writes every key; the presets in `presets/` are complete, commented examples.
//!
//! # The name
//!
//! `name` is shown in reports as where the policy came from. A file that sets it gets it.
//! Otherwise the policy keeps its base's name ("default", or the preset's) only if the file
//! changed no value, and is called "custom" if it did: a changed preset must not pass for
//! the original.
//!
//! # Problems
//!
//! A file the TOML reader rejects (bad syntax, an unknown key, a value of the wrong type)
//! reports that one problem with its line and column: the reader stops there. A file that
//! reads reports every value problem at once. Either way each [`Problem`] names its key path.

mod convert;
mod diff;
mod error;
mod file;
mod render;
mod units;

#[cfg(test)]
mod tests;

use std::io::Read;
use std::path::Path;

use redress_domain::Policy;

pub use error::{LoadError, Location, PolicyErrors, Problem, UnknownPreset};

/// The names [`preset`] accepts, which are also the values of a file's `preset` key.
pub const PRESETS: &[&str] = &["kuaishou", "channels"];

/// A policy file is a few kilobytes; a megabyte is a wrong file, not a policy.
const POLICY_BYTES_MAX: usize = 1024 * 1024;

const KUAISHOU: &str = include_str!("../presets/kuaishou.toml");
const CHANNELS: &str = include_str!("../presets/channels.toml");

/// Reads a policy from TOML text, checking every value.
pub fn parse(text: &str) -> Result<Policy, PolicyErrors> {
    let file = read_file(text)?;
    convert::policy_from_file(file, |name| preset(name).map_err(|error| error.to_string()))
}

/// Reads a policy file from disk; see [`parse`].
pub fn load(path: &Path) -> Result<Policy, LoadError> {
    let read_error = |error| LoadError::Read {
        path: path.to_owned(),
        error,
    };
    let invalid = |errors| LoadError::Invalid {
        path: path.to_owned(),
        errors,
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| {
            file.take(POLICY_BYTES_MAX as u64 + 1)
                .read_to_end(&mut bytes)
        })
        .map_err(read_error)?;
    if bytes.len() > POLICY_BYTES_MAX {
        return Err(invalid(too_large()));
    }
    let text = String::from_utf8(bytes).map_err(|error| {
        invalid(PolicyErrors::single(
            "",
            format!(
                "the file is not UTF-8 text (invalid byte at offset {})",
                error.utf8_error().valid_up_to()
            ),
        ))
    })?;
    parse(&text).map_err(invalid)
}

/// The policy of a platform preset, one of [`PRESETS`].
pub fn preset(name: &str) -> Result<Policy, UnknownPreset> {
    let text = match name {
        "kuaishou" => KUAISHOU,
        "channels" => CHANNELS,
        _ => {
            return Err(UnknownPreset {
                name: name.to_owned(),
            });
        }
    };
    let file = read_file(text).unwrap_or_else(|errors| panic!("preset {name} reads: {errors}"));
    let policy = convert::policy_from_file(file, |_| {
        Err("a preset is complete and starts from no other preset".to_owned())
    });
    // The embedded texts are fixed at build time and checked by the tests.
    Ok(policy.unwrap_or_else(|errors| panic!("preset {name} is valid: {errors}")))
}

/// Renders `policy` as a complete policy file, every key set. For any policy [`parse`] or
/// [`preset`] returned, `parse(&to_toml(&policy))` gives back an equal policy.
pub fn to_toml(policy: &Policy) -> String {
    render::render(policy)
}

/// What changed from one rendered policy ([`to_toml`]) to another, one line per key:
/// `dispute_rate.reference_rate: 0.5% → 0.4%`, `(unset)` for a key only one side has.
/// Equal texts give no lines.
pub fn diff(before: &str, after: &str) -> Vec<String> {
    diff::diff(before, after)
}

fn read_file(text: &str) -> Result<file::PolicyFile, PolicyErrors> {
    if text.len() > POLICY_BYTES_MAX {
        return Err(too_large());
    }
    toml::from_str(text)
        .map_err(|error| PolicyErrors::new(vec![error::reading_problem(text, &error)]))
}

fn too_large() -> PolicyErrors {
    PolicyErrors::single(
        "",
        format!("the policy is larger than {POLICY_BYTES_MAX} bytes"),
    )
}
