//! What changed between two policy files, key by key, for the policy's stored history: an
//! operator reading `dispute_rate.reference_rate: 0.5% → 0.4%` needs no TOML diff tool.

use std::collections::BTreeMap;

use toml::{Table, Value};

/// One line per key whose value differs, in key order: `path: before → after`, with
/// `(unset)` for a key only one side has. Texts that are not TOML tables compare as empty,
/// which only a caller passing something other than a policy file would see.
pub(crate) fn diff(before: &str, after: &str) -> Vec<String> {
    let before = flatten(before);
    let after = flatten(after);
    let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|key| {
            let (old, new) = (before.get(key), after.get(key));
            (old != new).then(|| {
                let shown = |v: Option<&String>| v.cloned().unwrap_or_else(|| "(unset)".into());
                format!("{key}: {} → {}", shown(old), shown(new))
            })
        })
        .collect()
}

fn flatten(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Ok(table) = text.parse::<Table>() {
        walk("", &table, &mut out);
    }
    out
}

fn walk(prefix: &str, table: &Table, out: &mut BTreeMap<String, String>) {
    for (key, value) in table {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            Value::Table(inner) => walk(&path, inner, out),
            // Quoted decimals and names read best without their quotes.
            Value::String(text) => {
                out.insert(path, text.clone());
            }
            other => {
                out.insert(path, other.to_string());
            }
        }
    }
}
