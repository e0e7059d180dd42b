//! The console's texts in Simplified Chinese and English.
//!
//! One table per area (`common`, `merchant`, `buyer`, `arbitration`, `operations`,
//! `conversation`), each a
//! list of `(key, zh-CN, en)`, so that people working on different areas edit different
//! files. Keys are dotted and start with their area's prefix. The Chinese texts use the
//! seeds' own terms (仅退款, 退货退款, 平台介入, 纠纷介入率, 商责纠纷率 …).
//!
//! A missing key renders as the key itself; a test checks that every key a template names
//! exists and that no key is defined twice.

mod arbitration;
mod buyer;
mod common;
mod conversation;
mod merchant;
mod operations;
mod staff;

use axum::http::{HeaderMap, header};
use std::collections::HashMap;
use std::sync::OnceLock;

/// A message: key, Simplified Chinese, English.
pub(crate) type Message = (&'static str, &'static str, &'static str);

const TABLES: &[&[Message]] = &[
    common::MESSAGES,
    merchant::MESSAGES,
    buyer::MESSAGES,
    arbitration::MESSAGES,
    operations::MESSAGES,
    staff::MESSAGES,
    conversation::MESSAGES,
];

/// A language of the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The BCP 47 tag, as in `<html lang>`.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The language's own name, for the switch.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::En => "English",
        }
    }

    pub(crate) fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        if code == "zh" || code.starts_with("zh-") {
            Some(Lang::Zh)
        } else if code == "en" || code.starts_with("en-") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The first of Chinese and English the browser prefers (by `q`); English otherwise.
    pub(crate) fn from_accept_language(headers: &HeaderMap) -> Lang {
        let Some(value) = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
        else {
            return Lang::En;
        };
        let mut ranges: Vec<(u16, usize, Lang)> = value
            .split(',')
            .enumerate()
            .filter_map(|(position, range)| {
                let mut parts = range.split(';');
                let lang = Lang::from_code(parts.next()?)?;
                let q = parts
                    .filter_map(|p| p.trim().strip_prefix("q="))
                    .filter_map(|q| q.parse::<f32>().ok())
                    .next()
                    .unwrap_or(1.0);
                // q has three decimals at most (RFC 9110); thousandths compare exactly.
                let q = (q.clamp(0.0, 1.0) * 1000.0).round() as u16;
                (q > 0).then_some((q, position, lang))
            })
            .collect();
        ranges.sort_by_key(|(q, position, _)| (std::cmp::Reverse(*q), *position));
        ranges.first().map(|(_, _, lang)| *lang).unwrap_or(Lang::En)
    }

    /// Whether a table has `key` (for keys built from data, which may have no message).
    pub(crate) fn known(self, key: &str) -> bool {
        messages().contains_key(key)
    }

    /// The message `key` in this language; the key itself if no table has it.
    pub(crate) fn t(self, key: &str) -> &'static str {
        match messages().get(key) {
            Some((zh, en)) => match self {
                Lang::Zh => zh,
                Lang::En => en,
            },
            None => missing(key),
        }
    }
}

/// A key no table has, shown as itself. Each missing key is kept once (a bug, caught by the
/// tests for keys in templates; keys built at run time from domain names land here).
fn missing(key: &str) -> &'static str {
    static MISSING: OnceLock<std::sync::Mutex<std::collections::HashSet<&'static str>>> =
        OnceLock::new();
    let mut seen = MISSING
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(known) = seen.get(key) {
        return known;
    }
    tracing::warn!(key, "a console message is missing");
    let leaked: &'static str = Box::leak(key.to_owned().into_boxed_str());
    seen.insert(leaked);
    leaked
}

fn messages() -> &'static HashMap<&'static str, (&'static str, &'static str)> {
    static MESSAGES: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> =
        OnceLock::new();
    MESSAGES.get_or_init(|| {
        TABLES
            .iter()
            .flat_map(|table| table.iter())
            .map(|(key, zh, en)| (*key, (*zh, *en)))
            .collect()
    })
}

#[cfg(test)]
mod tests;
