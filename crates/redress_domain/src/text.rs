//! Free text from outside: tracking numbers, names, notes, reasons, evidence.
//!
//! One rule for every text a command carries, whatever edge it came through (the API, the
//! console, a scenario file, the simulator): no control characters, because a NUL cannot be
//! stored by PostgreSQL at all and the others (escape sequences, bell, backspace) only ever
//! serve to corrupt logs, terminals and exports. A single-line text (a tracking number, a
//! name, a reference) refuses line breaks and tabs too; a multi-line one (a note, a reason, a
//! description) allows `\n`, `\r\n` and `\t`, as typed into a form's text area.
//!
//! `decide` checks commands with [`Text::line`] and [`Text::lines`] and keeps the event's
//! text a `String`: events already stored by earlier releases are never checked again, so
//! the log always loads and replays (the store's codec has no reason to refuse old text).

use std::fmt;

/// The longest single-line text anywhere; fields such as tracking numbers allow fewer.
pub const LINE_CHARS_MAX: usize = 512;
/// The longest multi-line text anywhere.
pub const LINES_CHARS_MAX: usize = 2_000;

/// A text that passed the rule of its flavour.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(String);

/// Why a text was refused. The messages never quote the text: it may hold what a log line or
/// a PostgreSQL column cannot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextError {
    /// A control character other than those the flavour allows.
    ControlCharacter,
    /// A line break, tab or line separator in a single-line text.
    LineBreak,
    /// More characters than the flavour (or the field) allows.
    TooLong { max: usize },
}

impl TextError {
    /// The reason as a refusal states it after the field's name.
    pub fn why(self) -> &'static str {
        match self {
            TextError::ControlCharacter => "must not contain control characters",
            TextError::LineBreak => "must be one line: no line breaks, tabs or control characters",
            TextError::TooLong {
                max: LINE_CHARS_MAX,
            } => "is longer than 512 characters",
            TextError::TooLong {
                max: LINES_CHARS_MAX,
            } => "is longer than 2000 characters",
            TextError::TooLong { .. } => "is too long",
        }
    }
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextError::TooLong { max } => write!(f, "is longer than {max} characters"),
            other => f.write_str(other.why()),
        }
    }
}

impl std::error::Error for TextError {}

impl Text {
    /// A single-line text of at most [`LINE_CHARS_MAX`] characters.
    pub fn line(raw: &str) -> Result<Text, TextError> {
        if raw.chars().count() > LINE_CHARS_MAX {
            return Err(TextError::TooLong {
                max: LINE_CHARS_MAX,
            });
        }
        // U+2028 and U+2029 are not control characters but break a line all the same.
        if raw
            .chars()
            .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
        {
            return Err(TextError::LineBreak);
        }
        Ok(Text(raw.to_owned()))
    }

    /// A multi-line text of at most [`LINES_CHARS_MAX`] characters: line breaks (`\n`, or
    /// `\r\n` as browsers send a text area) and tabs allowed, other control characters not.
    pub fn lines(raw: &str) -> Result<Text, TextError> {
        if raw.chars().count() > LINES_CHARS_MAX {
            return Err(TextError::TooLong {
                max: LINES_CHARS_MAX,
            });
        }
        let mut chars = raw.chars().peekable();
        while let Some(c) = chars.next() {
            let allowed = match c {
                '\n' | '\t' => true,
                '\r' => chars.peek() == Some(&'\n'),
                c => !c.is_control(),
            };
            if !allowed {
                return Err(TextError::ControlCharacter);
            }
        }
        Ok(Text(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_refuses_every_control_character_and_line_separator() {
        for bad in [
            "SF\u{0}",
            "\u{7}",
            "a\u{1b}[31m",
            "a\nb",
            "a\tb",
            "a\rb",
            "\u{7f}",
            "\u{85}",
            "a\u{2028}b",
            "a\u{2029}b",
        ] {
            assert_eq!(Text::line(bad), Err(TextError::LineBreak), "{bad:?}");
        }
        for good in ["", "SF1234567890", "顺丰 SF-1", "a b", "emoji ✓"] {
            assert_eq!(Text::line(good).map(Text::into_string), Ok(good.to_owned()));
        }
    }

    #[test]
    fn lines_allow_line_breaks_and_tabs_only() {
        for good in ["one\ntwo", "one\r\ntwo", "col\tcol", "换行\n第二行"] {
            assert!(Text::lines(good).is_ok(), "{good:?}");
        }
        for bad in [
            "nul\u{0}",
            "lone\rcr",
            "end\r",
            "bell\u{7}",
            "esc\u{1b}",
            "\u{9f}",
        ] {
            assert_eq!(
                Text::lines(bad),
                Err(TextError::ControlCharacter),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn the_limits_count_characters_not_bytes() {
        assert!(Text::line(&"字".repeat(LINE_CHARS_MAX)).is_ok());
        assert_eq!(
            Text::line(&"a".repeat(LINE_CHARS_MAX + 1)),
            Err(TextError::TooLong {
                max: LINE_CHARS_MAX
            })
        );
        assert!(Text::lines(&"字".repeat(LINES_CHARS_MAX)).is_ok());
        assert_eq!(
            Text::lines(&"a".repeat(LINES_CHARS_MAX + 1)),
            Err(TextError::TooLong {
                max: LINES_CHARS_MAX
            })
        );
    }
}
