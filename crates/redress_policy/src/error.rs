//! What can go wrong reading a policy, each problem naming the key it is about.
//!
//! A problem the TOML reader finds (syntax, an unknown key, a value of the wrong type) is
//! turned into the same one-line shape as a value problem, with the key path recovered from
//! the error's position, so an operator reads one list in one format.

use std::fmt;
use std::path::PathBuf;

use toml::de::{DeTable, DeValue};

/// One thing wrong with a policy file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Dotted path of the key, e.g. `deadlines.merchant_response_hours`; empty when the
    /// problem is the text as a whole (TOML syntax, size). Entries of an array are named in
    /// `message` ("band 3: …"), never in the path.
    pub key_path: String,
    /// What is wrong, as one line.
    pub message: String,
    /// Where in the text, for problems found while reading the TOML.
    pub location: Option<Location>,
}

/// A position in the policy text, both counted from 1; columns count characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.key_path.is_empty() {
            write!(f, "{}: ", self.key_path)?;
        }
        f.write_str(&self.message)?;
        if let Some(Location { line, column }) = self.location {
            write!(f, " (line {line}, column {column})")?;
        }
        Ok(())
    }
}

/// Every problem found in a policy file; never empty. Displays one problem per line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct PolicyErrors {
    problems: Vec<Problem>,
}

impl PolicyErrors {
    pub(crate) fn new(problems: Vec<Problem>) -> PolicyErrors {
        assert!(
            !problems.is_empty(),
            "a policy error carries at least one problem"
        );
        PolicyErrors { problems }
    }

    pub(crate) fn single(key_path: &str, message: String) -> PolicyErrors {
        PolicyErrors::new(vec![Problem {
            key_path: key_path.to_owned(),
            message,
            location: None,
        }])
    }

    /// The problems in the order of the file's sections.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

impl fmt::Display for PolicyErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, problem) in self.problems.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

/// Why [`crate::load`] gave no policy.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read at all. The I/O error is part of the message, not a
    /// `source`, so that a plain `{}` shows the operator the whole reason.
    #[error("cannot read policy file {}: {error}", path.display())]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The file was read and is not a valid policy.
    #[error("policy file {} is not valid:\n{errors}", path.display())]
    Invalid { path: PathBuf, errors: PolicyErrors },
}

/// A preset name that is not one of [`crate::PRESETS`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{name:?} is not a preset; the presets are {}", crate::PRESETS.join(", "))]
pub struct UnknownPreset {
    pub name: String,
}

/// Turns the TOML reader's error into a [`Problem`] naming the key at the error's position.
pub(crate) fn reading_problem(text: &str, error: &toml::de::Error) -> Problem {
    // The toml crate's messages are one line today; a future multi-line one must not break
    // the one-problem-per-line display.
    let message = error.message().trim().replace('\n', "; ");
    let Some(span) = error.span() else {
        return Problem {
            key_path: String::new(),
            message,
            location: None,
        };
    };
    let location = Some(location_at(text, span.start));
    let Ok(document) = DeTable::parse(text) else {
        // A syntax error: there are no keys to name, the position says it all.
        return Problem {
            key_path: String::new(),
            message,
            location,
        };
    };
    let mut deepest = Vec::new();
    find_keys_at(
        document.get_ref(),
        span.start,
        &mut Vec::new(),
        &mut deepest,
    );

    // Key paths name tables and keys only; an array entry is named in the message, in the
    // same words the value checks use.
    let entry = deepest
        .iter()
        .position(|segment| matches!(segment, Segment::Entry(_)));
    let (table_keys, within_entry) = deepest.split_at(entry.unwrap_or(deepest.len()));
    let key_path = join_keys(table_keys);
    let message = match within_entry {
        [] => message,
        [entry] => format!("{entry}: {message}"),
        [entry, rest @ ..] => {
            format!("{entry}, {}: {message}", join_keys(rest))
        }
    };
    Problem {
        key_path,
        message,
        location,
    }
}

#[derive(Clone, Debug)]
enum Segment {
    Key(String),
    Entry(usize),
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Segment::Key(key) => f.write_str(key),
            Segment::Entry(index) => write!(f, "entry {}", index + 1),
        }
    }
}

fn join_keys(segments: &[Segment]) -> String {
    let keys: Vec<String> = segments.iter().map(Segment::to_string).collect();
    keys.join(".")
}

/// Finds the deepest key or value whose span holds `offset`. Every subtree is searched
/// because a table opened by a `[header]` does not span its body.
fn find_keys_at(
    table: &DeTable<'_>,
    offset: usize,
    path: &mut Vec<Segment>,
    deepest: &mut Vec<Segment>,
) {
    for (key, value) in table.iter() {
        path.push(Segment::Key(key.get_ref().to_string()));
        if key.span().contains(&offset) && path.len() > deepest.len() {
            deepest.clone_from(path);
        }
        find_in_value(value, offset, path, deepest);
        path.pop();
    }
}

fn find_in_value(
    value: &toml::Spanned<DeValue<'_>>,
    offset: usize,
    path: &mut Vec<Segment>,
    deepest: &mut Vec<Segment>,
) {
    if value.span().contains(&offset) && path.len() > deepest.len() {
        deepest.clone_from(path);
    }
    match value.get_ref() {
        DeValue::Table(table) => find_keys_at(table, offset, path, deepest),
        DeValue::Array(array) => {
            for (index, item) in array.iter().enumerate() {
                path.push(Segment::Entry(index));
                find_in_value(item, offset, path, deepest);
                path.pop();
            }
        }
        DeValue::String(_)
        | DeValue::Integer(_)
        | DeValue::Float(_)
        | DeValue::Boolean(_)
        | DeValue::Datetime(_) => {}
    }
}

fn location_at(text: &str, offset: usize) -> Location {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    Location {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}
