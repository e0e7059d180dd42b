//! The message tables are complete and consistent.

use super::{Lang, TABLES};
use axum::http::{HeaderMap, HeaderValue, header};
use std::collections::HashSet;

#[test]
fn no_key_is_defined_twice_or_left_empty() {
    let mut seen = HashSet::new();
    for (key, zh, en) in TABLES.iter().flat_map(|t| t.iter()) {
        assert!(seen.insert(*key), "{key} is defined twice");
        assert!(!zh.is_empty() && !en.is_empty(), "{key} has an empty text");
    }
}

/// Every `t("…")` in a template names a key of the tables.
#[test]
fn every_key_a_template_names_exists() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/console");
    let keys: HashSet<&str> = TABLES
        .iter()
        .flat_map(|t| t.iter())
        .map(|(k, _, _)| *k)
        .collect();
    let mut stack = vec![root];
    let mut files = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("the templates folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            files += 1;
            let text = std::fs::read_to_string(&path).expect("a template");
            for piece in text.split("t(\"").skip(1) {
                let key = piece.split('"').next().unwrap_or_default();
                assert!(
                    keys.contains(key),
                    "{} names the missing message {key:?}",
                    path.display()
                );
            }
        }
    }
    assert!(files > 0, "templates were found");
}

fn accept(value: &str) -> Lang {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::ACCEPT_LANGUAGE,
        HeaderValue::from_str(value).expect("a header"),
    );
    Lang::from_accept_language(&headers)
}

#[test]
fn accept_language_picks_the_preferred_of_chinese_and_english() {
    assert_eq!(accept("zh-CN,zh;q=0.9,en;q=0.8"), Lang::Zh);
    assert_eq!(accept("en-US,en;q=0.9,zh-CN;q=0.8"), Lang::En);
    assert_eq!(accept("fr-FR,zh-TW;q=0.5,en;q=0.4"), Lang::Zh);
    assert_eq!(accept("en;q=0.2,zh;q=0.9"), Lang::Zh);
    assert_eq!(accept("fr"), Lang::En);
    assert_eq!(accept("zh;q=0,en;q=0.1"), Lang::En);
    assert_eq!(Lang::from_accept_language(&HeaderMap::new()), Lang::En);
}
