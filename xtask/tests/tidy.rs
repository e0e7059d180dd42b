//! The architecture's rules as tests (rust-analyzer's tidy): each test reads the source tree
//! and names every file, line and rule broken, so a newcomer learns a rule from the failure.
//!
//! "Production" code below means what the user's binaries run: files under a crate's `src/`,
//! less the test modules (`#[cfg(test)] mod x { … }` blocks, `#[cfg(test)] mod x;` files,
//! and any `tests` folder or `tests.rs`), and less the test kit (`redress_testkit`), which only
//! test binaries link.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// This file names every pattern it forbids; the content rules skip it.
const SELF: &str = "xtask/tests/tidy.rs";

/// The shared test support crate: a dev-dependency only, so all of it is test code.
const TESTKIT: &str = "redress_testkit";

/// The workspace crates the test kit may build on: the store and what it builds on, so that the
/// tests of the store and of every layer above can use it.
const TESTKIT_WORKSPACE_DEPENDENCIES: &[&str] = &["redress_domain", "redress_store"];

/// What the domain may depend on: the time library, nothing that does I/O or serialises.
const DOMAIN_DEPENDENCIES: &[&str] = &["jiff"];

/// Reads of a clock. Anywhere but the engine's `Clock` they make behaviour depend on when a
/// test runs; the allow-list below names the reads that only measure or name things.
const CLOCK_READS: &[&str] = &[
    "SystemTime::now",
    "Instant::now",
    "Utc::now",
    "Timestamp::now",
    "Zoned::now",
];

/// The clock reads that decide nothing, each with its reason.
const CLOCK_ALLOWED: &[(&str, &str)] = &[
    (
        "crates/redress_engine/src/clock.rs",
        "the one wall clock (`SystemClock`) everything else is given",
    ),
    (
        "crates/redress_http/src/telemetry.rs",
        "a request's duration for the latency histogram",
    ),
    (
        "crates/redress_http/src/webhooks.rs",
        "a delivery attempt's duration for the delivery log",
    ),
    (
        "crates/redress_store/src/sqlite/replay.rs",
        "a unique name for the replay's scratch database",
    ),
    (
        "crates/redress_store/src/postgres/replay.rs",
        "a unique name for the replay's scratch schema",
    ),
    (
        "crates/redress_store/src/trace.rs",
        "a commit's duration for its span, read only when a subscriber wants the span",
    ),
    (
        "crates/redress_cli/src/demo_cmd.rs",
        "how long filling the demo took, for the person waiting",
    ),
    (
        "crates/redress_cli/src/simulate_cmd.rs",
        "how long a simulation took (progress bar and report)",
    ),
    (
        "crates/redress_cli/src/dst_cmd.rs",
        "how long the worlds took, for the steps per second of the report",
    ),
    (
        "crates/redress_cli/src/bench/engine.rs",
        "a benchmark measures its own run",
    ),
    (
        "crates/redress_cli/src/bench/metrics.rs",
        "a benchmark measures its own run",
    ),
    (
        "crates/redress_cli/src/bench/queue.rs",
        "a benchmark measures its own run",
    ),
    (
        "crates/redress_cli/src/bench/deadlines.rs",
        "a benchmark measures its own run",
    ),
    (
        "crates/redress_cli/src/bench/instances.rs",
        "the several-instances test worker's clock: the seeded day shifted, moving with real time",
    ),
];

/// Text that only SQL has: literals holding it belong in `redress_store`.
const SQL_MARKERS: &[&str] = &[
    "SELECT ",
    "INSERT INTO",
    "INSERT OR ",
    "CREATE TABLE",
    "CREATE INDEX",
    "DELETE FROM",
    "ALTER TABLE",
    "PRAGMA ",
    "BEGIN IMMEDIATE",
];

/// Database client crates: only the store names them in production code.
const SQL_CRATES: &[&str] = &["rusqlite::", "sqlx::"];

/// Printing from a library bypasses the subscriber the binary set up (`tracing`).
const PRINTS: &[&str] = &["println!(", "eprintln!(", "print!(", "eprint!(", "dbg!("];

/// The longest production file, in lines: today's largest ordinary file passes with a small
/// margin; a file that grows past it should be split where its parts have names.
const MAX_LINES: usize = 1000;

/// Files over the ceiling, each with its reason; remove an entry once the file is split.
const LONG_FILES: &[(&str, &str)] = &[
    (
        "crates/redress_store/src/sqlite/mod.rs",
        "the SQLite commit path beside its reads; it halves when the commit is written once for \
         both dialects (issue 22, point 3)",
    ),
    (
        "crates/redress_store/src/codec.rs",
        "one stored form per event, kept side by side so a change to the permanent format is \
         seen whole",
    ),
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("the workspace root")
}

/// One Rust file of the workspace.
#[derive(Debug)]
struct Source {
    /// Relative to the workspace root, with `/`.
    path: String,
    /// The package's folder name (`redress_store`, `xtask`).
    package: String,
    text: String,
    /// Compiled only for tests.
    test: bool,
}

impl Source {
    /// The production lines (1-based numbers), comments dropped; none for a test file.
    fn production_lines(&self) -> Vec<(usize, &str)> {
        if self.test {
            return Vec::new();
        }
        let lines: Vec<&str> = self.text.lines().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            let next = lines.get(i + 1).map_or("", |l| l.trim());
            if line.trim() == "#[cfg(test)]" && next.starts_with("mod ") && next.ends_with('{') {
                // Skip to the module's closing brace, at the `mod` line's indentation.
                let indent = &lines[i + 1][..lines[i + 1].len() - lines[i + 1].trim_start().len()];
                let close = format!("{indent}}}");
                i += 2;
                while i < lines.len() && lines[i] != close {
                    i += 1;
                }
                i += 1;
                continue;
            }
            let trimmed = line.trim_start();
            if !trimmed.starts_with("//") {
                out.push((i + 1, line));
            }
            i += 1;
        }
        out
    }

    fn is_library(&self) -> bool {
        self.package != "redress_cli" && self.package != "xtask"
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("a readable folder")
        .map(|entry| entry.expect("a folder entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if !matches!(name, "target" | "node_modules" | ".git") {
                walk(&path, out);
            }
        } else {
            out.push(path);
        }
    }
}

/// The folders of the workspace's packages.
fn packages() -> Vec<PathBuf> {
    let root = root();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root.join("crates"))
        .expect("crates/")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.join("Cargo.toml").is_file())
        .collect();
    dirs.push(root.join("xtask"));
    dirs.sort();
    dirs
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Every Rust file of every package, with its test-only files marked.
fn sources() -> Vec<Source> {
    let mut sources = Vec::new();
    for package in packages() {
        let name = package
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a package folder name")
            .to_owned();
        let mut files = Vec::new();
        walk(&package, &mut files);
        let texts: Vec<(PathBuf, String)> = files
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .map(|p| {
                let text = std::fs::read_to_string(&p).expect("a UTF-8 source");
                (p, text)
            })
            .collect();
        let test_modules = test_module_paths(&texts);
        for (path, text) in texts {
            let inside = path.strip_prefix(&package).expect("inside the package");
            let in_src = inside.starts_with("src") || inside == Path::new("build.rs");
            let test = name == TESTKIT
                || !in_src
                || inside.components().any(|c| c.as_os_str() == "tests")
                || path.file_name().is_some_and(|n| n == "tests.rs")
                || test_modules.iter().any(|m| path.starts_with(m));
            sources.push(Source {
                path: relative(&path),
                package: name.clone(),
                text,
                test,
            });
        }
    }
    assert!(sources.len() > 50, "found the sources");
    sources
}

/// The files and folders of modules declared `#[cfg(test)] mod name;`.
fn test_module_paths(texts: &[(PathBuf, String)]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for (path, text) in texts {
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for pair in lines.windows(2) {
            if pair[0] != "#[cfg(test)]" {
                continue;
            }
            let declared = pair[1]
                .trim_start_matches("pub(crate) ")
                .trim_start_matches("pub ")
                .strip_prefix("mod ")
                .and_then(|rest| rest.strip_suffix(';'));
            let Some(module) = declared else { continue };
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            let dir = path.parent().expect("a parent folder");
            let base = if matches!(stem, "mod" | "lib" | "main") {
                dir.to_path_buf()
            } else {
                dir.join(stem)
            };
            out.push(base.join(format!("{module}.rs")));
            out.push(base.join(module));
        }
    }
    out
}

fn manifest(package: &Path) -> toml::Table {
    let text = std::fs::read_to_string(package.join("Cargo.toml")).expect("Cargo.toml");
    text.parse().expect("a valid Cargo.toml")
}

/// Every dependency table of a manifest, target-specific ones included: (table name, table).
fn dependency_tables(manifest: &toml::Table) -> Vec<(String, &toml::Table)> {
    let kinds = ["dependencies", "dev-dependencies", "build-dependencies"];
    let mut out = Vec::new();
    for kind in kinds {
        if let Some(table) = manifest.get(kind).and_then(|t| t.as_table()) {
            out.push((kind.to_owned(), table));
        }
    }
    if let Some(targets) = manifest.get("target").and_then(|t| t.as_table()) {
        for (cfg, target) in targets {
            for kind in kinds {
                if let Some(table) = target.get(kind).and_then(|t| t.as_table()) {
                    out.push((format!("target.{cfg}.{kind}"), table));
                }
            }
        }
    }
    out
}

fn fail_on(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "\n{}\n({} problems)",
        problems.join("\n"),
        problems.len()
    );
}

/// `word` occurs in `line` on its own, not as part of a longer identifier.
fn names(line: &str, word: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    line.match_indices(word).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

#[test]
fn every_rust_file_opens_with_a_module_comment_and_has_no_trailing_whitespace() {
    let mut problems = Vec::new();
    for source in sources() {
        if !source.text.starts_with("//!") {
            problems.push(format!(
                "{}:1: module comment: does not open with a //! comment saying what it is for",
                source.path
            ));
        }
        for (number, line) in source.text.lines().enumerate() {
            if line.ends_with(' ') || line.ends_with('\t') {
                problems.push(format!(
                    "{}:{}: trailing white space",
                    source.path,
                    number + 1
                ));
            }
        }
    }
    fail_on(problems);
}

#[test]
fn the_domain_depends_only_on_the_allowed_crates() {
    let domain = root().join("crates/redress_domain");
    let manifest = manifest(&domain);
    let mut problems = Vec::new();
    for (kind, table) in dependency_tables(&manifest) {
        if kind == "dev-dependencies" {
            continue;
        }
        for name in table.keys() {
            if !DOMAIN_DEPENDENCIES.contains(&name.as_str()) {
                problems.push(format!(
                    "crates/redress_domain/Cargo.toml: [{kind}] {name}: the domain does no I/O and \
                     knows no serialisation; it may depend only on {DOMAIN_DEPENDENCIES:?}"
                ));
            }
        }
    }
    fail_on(problems);
}

/// The console is a layer above the API (issue 22 point 5): the API's server takes its pages
/// as `Operations::pages` and never names it, so neither imports the other in a circle.
#[test]
fn the_api_does_not_know_the_console() {
    let mut problems = Vec::new();
    let manifest = manifest(&root().join("crates/redress_http"));
    for (kind, table) in dependency_tables(&manifest) {
        // The API's tests serve the console beside it, as `redress serve` does.
        if !kind.ends_with("dev-dependencies") && table.contains_key("redress_console") {
            problems.push(format!(
                "crates/redress_http/Cargo.toml: [{kind}] redress_console: the console depends \
                 on the API, not the other way round"
            ));
        }
    }
    for source in sources().iter().filter(|s| s.package == "redress_http") {
        for (number, line) in source.production_lines() {
            if names(line, "redress_console") {
                problems.push(format!(
                    "{}:{number}: the API names the console; hand it pages through \
                     Operations::pages, or make what the console needs public in \
                     redress_http::shared",
                    source.path
                ));
            }
        }
    }
    fail_on(problems);
}

#[test]
fn the_test_kit_is_a_dev_dependency_only_and_builds_on_the_store_alone() {
    let mut problems = Vec::new();
    for package in packages() {
        let manifest = manifest(&package);
        let shown = relative(&package.join("Cargo.toml"));
        for (kind, table) in dependency_tables(&manifest) {
            if table.contains_key(TESTKIT) && !kind.ends_with("dev-dependencies") {
                problems.push(format!(
                    "{shown}: [{kind}] {TESTKIT}: test support is a [dev-dependencies] entry only; \
                     nothing a user runs links it"
                ));
            }
        }
    }
    let testkit = root().join("crates").join(TESTKIT);
    let manifest = manifest(&testkit);
    let published = manifest
        .get("package")
        .and_then(|p| p.get("publish"))
        .and_then(|v| v.as_bool());
    if published != Some(false) {
        problems.push(format!(
            "crates/{TESTKIT}/Cargo.toml: [package] needs `publish = false`"
        ));
    }
    for (kind, table) in dependency_tables(&manifest) {
        for name in table.keys() {
            if name.starts_with("redress_")
                && !TESTKIT_WORKSPACE_DEPENDENCIES.contains(&name.as_str())
            {
                problems.push(format!(
                    "crates/{TESTKIT}/Cargo.toml: [{kind}] {name}: the test kit builds only on \
                     {TESTKIT_WORKSPACE_DEPENDENCIES:?}, so that every layer's tests can use it"
                ));
            }
        }
    }
    fail_on(problems);
}

#[test]
fn anyhow_only_in_the_command_line() {
    let allowed = ["redress_cli"];
    let mut problems = Vec::new();
    for package in packages() {
        let name = package.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if allowed.contains(&name) {
            continue;
        }
        for (kind, table) in dependency_tables(&manifest(&package)) {
            if table.contains_key("anyhow") {
                problems.push(format!(
                    "{}: [{kind}] anyhow: libraries return their own error enum; anyhow is for \
                     the binary",
                    relative(&package.join("Cargo.toml"))
                ));
            }
        }
    }
    for source in sources() {
        if allowed.contains(&source.package.as_str()) || source.path == SELF {
            continue;
        }
        for (number, line) in source.text.lines().enumerate() {
            if names(line, "anyhow") && !line.trim_start().starts_with("//") {
                problems.push(format!(
                    "{}:{}: anyhow outside redress_cli: use the crate's error enum",
                    source.path,
                    number + 1
                ));
            }
        }
    }
    fail_on(problems);
}

#[test]
fn no_clock_read_outside_the_engines_clock() {
    let mut problems = Vec::new();
    for source in sources() {
        if CLOCK_ALLOWED.iter().any(|(path, _)| *path == source.path) {
            continue;
        }
        for (number, line) in source.production_lines() {
            for read in CLOCK_READS {
                if line.contains(read) {
                    problems.push(format!(
                        "{}:{number}: clock read `{read}`: take the time from the injected \
                         `Clock` (or `Context::now`), or add the file to CLOCK_ALLOWED with a reason",
                        source.path
                    ));
                }
            }
        }
    }
    fail_on(problems);
}

#[test]
fn no_sql_outside_the_store() {
    let mut problems = Vec::new();
    for source in sources() {
        if source.package == "redress_store" || source.path == SELF {
            continue;
        }
        for (number, line) in source.production_lines() {
            let in_literal = line.contains('"');
            for marker in SQL_MARKERS {
                if in_literal && line.contains(marker) {
                    problems.push(format!(
                        "{}:{number}: SQL text `{}`: only redress_store knows SQL; give the \
                         store a function",
                        source.path,
                        marker.trim()
                    ));
                }
            }
            for client in SQL_CRATES {
                if line.contains(client)
                    || line.contains(&format!("use {}", &client[..client.len() - 2]))
                {
                    problems.push(format!(
                        "{}:{number}: `{}`: only redress_store talks to a database",
                        source.path,
                        client.trim_end_matches(':')
                    ));
                }
            }
        }
    }
    fail_on(problems);
}

#[test]
fn libraries_log_through_tracing_not_print() {
    let mut problems = Vec::new();
    for source in sources() {
        if !source.is_library() {
            continue;
        }
        for (number, line) in source.production_lines() {
            for print in PRINTS {
                if names(line, print.trim_end_matches("!(")) && line.contains(print) {
                    problems.push(format!(
                        "{}:{number}: `{}` in a library: log through `tracing` (the binary \
                         chose where logs go)",
                        source.path,
                        print.trim_end_matches('(')
                    ));
                }
            }
        }
    }
    fail_on(problems);
}

#[test]
fn every_allow_says_why() {
    let mut problems = Vec::new();
    for source in sources() {
        if source.path == SELF {
            continue;
        }
        let lines: Vec<&str> = source.text.lines().collect();
        for (index, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            if !(trimmed.starts_with("#[allow(") || trimmed.starts_with("#![allow(")) {
                continue;
            }
            let commented_here = trimmed.contains("//");
            let commented_above = index > 0 && lines[index - 1].trim_start().starts_with("//");
            if !commented_here && !commented_above {
                problems.push(format!(
                    "{}:{}: `{}` without a comment saying why (on the line or the line above)",
                    source.path,
                    index + 1,
                    trimmed
                ));
            }
        }
    }
    fail_on(problems);
}

#[test]
fn no_production_file_is_longer_than_the_ceiling() {
    let mut problems = Vec::new();
    for source in sources() {
        let lines = source.text.lines().count();
        if source.test || lines <= MAX_LINES {
            continue;
        }
        if LONG_FILES.iter().any(|(path, _)| *path == source.path) {
            continue;
        }
        problems.push(format!(
            "{}:{lines}: {lines} lines, over the ceiling of {MAX_LINES}: split it where its parts \
             have names (or add it to LONG_FILES with a reason)",
            source.path
        ));
    }
    for (path, _) in LONG_FILES {
        assert!(
            root().join(path).is_file(),
            "LONG_FILES names {path}, which is gone: remove the entry"
        );
    }
    fail_on(problems);
}

/// The string literals of `text`, in order, with the line each starts on.
fn string_literals(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while let Some(c) = chars.next() {
        match c {
            '\n' => line += 1,
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        line += 1;
                        break;
                    }
                }
            }
            '"' => {
                let start = line;
                let mut literal = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => {
                            if let Some(escaped) = chars.next() {
                                literal.push(escaped);
                            }
                        }
                        '\n' => {
                            line += 1;
                            literal.push(c);
                        }
                        _ => literal.push(c),
                    }
                }
                out.push((start, literal));
            }
            _ => {}
        }
    }
    out
}

#[test]
fn every_console_message_is_in_both_languages_and_every_named_key_exists() {
    let root = root();
    let i18n = root.join("crates/redress_console/src/i18n");
    let mut problems = Vec::new();
    let mut keys = BTreeSet::new();
    let mut tables = 0;
    for entry in std::fs::read_dir(&i18n).expect("the console's message tables") {
        let path = entry.expect("an entry").path();
        let text = std::fs::read_to_string(&path).expect("a table");
        let Some((_, table)) = text.split_once("MESSAGES: &[Message] = &[") else {
            continue;
        };
        tables += 1;
        let offset = text.len() - table.len();
        let first_line = text[..offset].lines().count();
        let table = table.split("\n];").next().unwrap_or(table);
        let literals = string_literals(table);
        let shown = relative(&path);
        if !literals.len().is_multiple_of(3) {
            problems.push(format!(
                "{shown}: {} texts, not a multiple of three (key, zh-CN, en)",
                literals.len()
            ));
            continue;
        }
        for message in literals.chunks(3) {
            let (line, key) = (message[0].0 + first_line - 1, &message[0].1);
            let (zh, en) = (&message[1].1, &message[2].1);
            if zh.trim().is_empty() || en.trim().is_empty() {
                problems.push(format!(
                    "{shown}:{line}: {key}: a message needs both its Chinese and its English text"
                ));
            }
            if zh.is_ascii() && zh == en && !key.starts_with("app.") {
                // A Chinese text that is the English one copied is a translation left to do.
                problems.push(format!(
                    "{shown}:{line}: {key}: the Chinese text is the English one ({en:?})"
                ));
            }
            keys.insert(key.clone());
        }
    }
    assert!(tables >= 5, "found the console's message tables");
    let console = root.join("crates/redress_console/src");
    let mut files = Vec::new();
    walk(&console, &mut files);
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
    {
        if path.starts_with(&i18n) {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("a console source");
        for (number, line) in text.lines().enumerate() {
            for piece in line.split(".t(\"").skip(1) {
                let key = piece.split('"').next().unwrap_or_default();
                if !keys.contains(key) {
                    problems.push(format!(
                        "{}:{}: the message {key:?} is in no table of console/i18n",
                        relative(path),
                        number + 1
                    ));
                }
            }
        }
    }
    fail_on(problems);
}

#[test]
fn every_package_inherits_the_rust_version_and_takes_dependencies_from_the_workspace() {
    let mut problems = Vec::new();
    for package in packages() {
        let manifest = manifest(&package);
        let shown = relative(&package.join("Cargo.toml"));
        let inherited = manifest
            .get("package")
            .and_then(|p| p.get("rust-version"))
            .and_then(|v| v.get("workspace"))
            .and_then(|v| v.as_bool());
        if inherited != Some(true) {
            problems.push(format!(
                "{shown}: [package] needs `rust-version.workspace = true`"
            ));
        }
        for (kind, table) in dependency_tables(&manifest) {
            for (name, spec) in table {
                let from_workspace = spec
                    .get("workspace")
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false);
                if !from_workspace {
                    problems.push(format!(
                        "{shown}: [{kind}] {name}: declare it in the root's \
                         [workspace.dependencies] and write `{name}.workspace = true` here"
                    ));
                }
            }
        }
    }
    fail_on(problems);
}

/// The Rust sources under `folders` of `package`, joined.
fn text_under(package: &Path, folders: &[&str]) -> String {
    let mut text = String::new();
    for folder in folders {
        let dir = package.join(folder);
        if dir.is_dir() {
            let mut files = Vec::new();
            walk(&dir, &mut files);
            for file in files {
                if file.extension().is_some_and(|e| e == "rs") {
                    text.push_str(&std::fs::read_to_string(&file).expect("a source"));
                    text.push('\n');
                }
            }
        } else if dir.is_file() {
            text.push_str(&std::fs::read_to_string(&dir).expect("a source"));
        }
    }
    text
}

fn referenced(text: &str, crate_name: &str) -> bool {
    let ident = crate_name.replace('-', "_");
    text.lines().any(|line| {
        names(line, &ident)
            && (line.contains(&format!("{ident}::"))
                || line.contains(&format!("use {ident}"))
                || line.contains(&format!("{ident}!"))
                || line.contains(&format!("extern crate {ident}")))
    })
}

#[test]
fn every_dependency_is_used() {
    let mut problems = Vec::new();
    let mut named: BTreeMap<String, usize> = BTreeMap::new();
    for package in packages() {
        let manifest = manifest(&package);
        let shown = relative(&package.join("Cargo.toml"));
        let code = text_under(&package, &["src", "build.rs"]);
        let all = text_under(
            &package,
            &["src", "build.rs", "tests", "benches", "examples"],
        );
        for (kind, table) in dependency_tables(&manifest) {
            for name in table.keys() {
                *named.entry(name.clone()).or_default() += 1;
                let text = if kind.ends_with("dev-dependencies") {
                    &all
                } else {
                    &code
                };
                if !referenced(text, name) {
                    problems.push(format!(
                        "{shown}: [{kind}] {name} is never named in the sources: remove it"
                    ));
                }
            }
        }
    }
    let workspace: toml::Table = std::fs::read_to_string(root().join("Cargo.toml"))
        .expect("the root Cargo.toml")
        .parse()
        .expect("a valid root Cargo.toml");
    let declared = workspace
        .get("workspace")
        .and_then(|w| w.get("dependencies"))
        .and_then(|d| d.as_table())
        .expect("[workspace.dependencies]");
    for name in declared.keys() {
        if !named.contains_key(name) {
            problems.push(format!(
                "Cargo.toml: [workspace.dependencies] {name} is used by no package: remove it"
            ));
        }
    }
    fail_on(problems);
}
