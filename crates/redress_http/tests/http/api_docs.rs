//! docs/API.md against the server's source: every problem `code` the API can answer is
//! listed there. The codes are read from the code that makes them (the domain's
//! `Rejection::code`, the engine's `EngineError::code`, and the API's own), so a new code
//! without a line in the reference fails here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The quoted snake_case word at the start of `text` (after blanks), if there is one.
fn quoted_code(text: &str) -> Option<&str> {
    let rest = text.trim_start().strip_prefix('"')?;
    let end = rest.find('"')?;
    let word = &rest[..end];
    (!word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')).then_some(word)
}

/// The codes a `fn code(&self) -> &'static str` match returns: each arm's `=> "code"`.
fn match_arms(source: &str) -> BTreeSet<String> {
    let start = source.find("pub fn code(&self)").expect("a code function");
    let body = &source[start..];
    let end = body.find("\n    }\n").expect("the function's end");
    body[..end]
        .match_indices("=> ")
        .filter_map(|(i, _)| quoted_code(&body[i + 3..end]))
        .map(str::to_owned)
        .collect()
}

/// The codes the API's own errors are made with: `ApiError::new(status, "code", …)`,
/// `ApiError::not_found("code", …)`, `code: "code"`, `code = "code"`, and the fallback's
/// `StatusCode::X => "code"`.
fn api_codes(source: &str) -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    for (i, _) in source.match_indices("ApiError::new(") {
        let args = &source[i + "ApiError::new(".len()..];
        if let Some(comma) = args.find(',')
            && let Some(code) = quoted_code(&args[comma + 1..])
        {
            codes.insert(code.to_owned());
        }
    }
    for prefix in ["not_found(", "code: ", "code = "] {
        for (i, _) in source.match_indices(prefix) {
            if let Some(code) = quoted_code(&source[i + prefix.len()..]) {
                codes.insert(code.to_owned());
            }
        }
    }
    for (i, _) in source.match_indices("StatusCode::") {
        let rest = &source[i..];
        let line = rest.split('\n').next().unwrap_or(rest);
        if let Some((_, after)) = line.split_once("=> ")
            && let Some(code) = quoted_code(after)
        {
            codes.insert(code.to_owned());
        }
    }
    if source.contains("_ => \"http_error\"") {
        codes.insert("http_error".to_owned());
    }
    codes
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            // The console answers HTML pages, not problems.
            if path.file_name().is_some_and(|n| n != "console") {
                rust_files(&path, into);
            }
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "tests.rs")
        {
            into.push(path);
        }
    }
}

fn every_code() -> BTreeSet<String> {
    let root = workspace();
    let mut codes = match_arms(&read(&root.join("crates/redress_domain/src/rejection.rs")));
    codes.extend(match_arms(&read(
        &root.join("crates/redress_engine/src/error.rs"),
    )));
    let mut files = Vec::new();
    rust_files(&root.join("crates/redress_http/src"), &mut files);
    for file in files {
        codes.extend(api_codes(&read(&file)));
    }
    codes
}

#[test]
fn the_reference_lists_every_problem_code() {
    let codes = every_code();
    // The extraction itself must work: these come from each of the three sources.
    for known in [
        "wrong_state",
        "evidence_missing",
        "idempotency_key_reused",
        "storage_failed",
        "invalid_input",
        "key_unknown",
        "route_unknown",
        "method_not_allowed",
        "rate_limited",
    ] {
        assert!(
            codes.contains(known),
            "{known} was not extracted: {codes:?}"
        );
    }
    let reference = read(&workspace().join("docs/API.md"));
    let missing: Vec<&String> = codes
        .iter()
        .filter(|code| !reference.contains(&format!("`{code}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/API.md does not list these problem codes: {missing:?}"
    );
}

/// The reference's `/healthz` line names exactly the fields the server answers with.
#[tokio::test(flavor = "multi_thread")]
async fn the_reference_shows_the_health_answer_as_it_is() {
    crate::support::each_backend(|app: crate::support::TestApp| async move {
        let health = app.call("GET", "/healthz", None, None, &[]).await;
        let answered: BTreeSet<String> = health
            .body
            .as_object()
            .expect("an object")
            .keys()
            .cloned()
            .collect();
        let reference = read(&workspace().join("docs/API.md"));
        let line = reference
            .split("`GET /healthz` answers")
            .nth(1)
            .and_then(|rest| rest.split('`').nth(1))
            .expect("docs/API.md shows the /healthz answer");
        let documented: BTreeSet<String> = line
            .split('"')
            .collect::<Vec<_>>()
            .windows(2)
            .filter(|pair| pair[0].ends_with('{') || pair[0].ends_with(','))
            .map(|pair| pair[1].to_owned())
            .collect();
        assert_eq!(documented, answered, "{line}");
        app.stop().await;
    })
    .await;
}
