//! Database URLs without their secrets, for log lines and error messages.
//!
//! A PostgreSQL URL may carry a password in its user info (`postgres://user:secret@host/db`)
//! or as a `password` parameter (`?password=secret`). Anything shown to a person or a log
//! collector shows `***` in its place.

/// `url` with its password (in the user info, or a `password=` parameter) replaced by `***`.
/// A path, or a URL with no password, comes back unchanged.
pub fn redact_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_owned();
    };
    let rest_start = scheme_end + 3;
    // The user info ends at the last `@`: a password may hold `@`, `/` or `:` unescaped, and
    // hiding too much is better than showing a secret.
    let (authority_start, mut out) = match url[rest_start..].rfind('@') {
        Some(at) => {
            let user_info = &url[rest_start..rest_start + at];
            let shown = match user_info.split_once(':') {
                Some((user, _password)) => format!("{user}:***"),
                None => user_info.to_owned(),
            };
            (rest_start + at, format!("{}{shown}", &url[..rest_start]))
        }
        None => (rest_start, url[..rest_start].to_owned()),
    };
    out.push_str(&redact_password_parameter(&url[authority_start..]));
    out
}

/// Every URL in `text` (an error message, say) redacted as by [`redact_url`]: each word
/// that holds `://`.
pub fn redact_urls_in(text: &str) -> String {
    if !text.contains("://") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    for c in text.chars() {
        if c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '<' | '>') {
            out.push_str(&redact_word(&word));
            word.clear();
            out.push(c);
        } else {
            word.push(c);
        }
    }
    out.push_str(&redact_word(&word));
    out
}

fn redact_word(word: &str) -> String {
    match word.find("://") {
        // The scheme starts after any punctuation before it (`(postgres://…`).
        Some(at) => {
            let start = word[..at]
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
                .map_or(0, |i| i + 1);
            format!("{}{}", &word[..start], redact_url(&word[start..]))
        }
        None => word.to_owned(),
    }
}

/// `password=…` in a query string, up to the next `&`, hidden.
fn redact_password_parameter(rest: &str) -> String {
    let Some(query_start) = rest.find('?') else {
        return rest.to_owned();
    };
    let (before, query) = rest.split_at(query_start + 1);
    let parameters: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if name.eq_ignore_ascii_case("password") => format!("{name}=***"),
            _ => pair.to_owned(),
        })
        .collect();
    format!("{before}{}", parameters.join("&"))
}

#[cfg(test)]
mod tests {
    use super::{redact_url, redact_urls_in};

    #[test]
    fn a_password_in_the_user_info_is_hidden() {
        assert_eq!(
            redact_url("postgres://user:secret@127.0.0.1:5432/db"),
            "postgres://user:***@127.0.0.1:5432/db"
        );
        assert_eq!(
            redact_url("postgresql://u:p%40ss@host/db?sslmode=require"),
            "postgresql://u:***@host/db?sslmode=require"
        );
    }

    #[test]
    fn a_password_holding_at_signs_and_slashes_is_hidden_whole() {
        let shown = redact_url("postgres://user:se/cr@t@host/db");
        assert_eq!(shown, "postgres://user:***@host/db");
        assert!(!shown.contains("se/cr"), "{shown}");
    }

    #[test]
    fn a_password_parameter_is_hidden() {
        assert_eq!(
            redact_url("postgres://host/db?user=u&password=secret&sslmode=require"),
            "postgres://host/db?user=u&password=***&sslmode=require"
        );
        assert_eq!(
            redact_url("postgres://host/db?PASSWORD=secret"),
            "postgres://host/db?PASSWORD=***"
        );
    }

    #[test]
    fn urls_and_paths_without_a_password_are_unchanged() {
        for unchanged in [
            "postgres://user@host/db",
            "postgres://host:5432/db",
            "sqlite:///var/lib/redress.db",
            "redress.db",
            "/tmp/with@sign/redress.db",
        ] {
            assert_eq!(redact_url(unchanged), unchanged);
        }
    }

    #[test]
    fn urls_inside_a_message_are_redacted() {
        let message = "opening postgres://user:secret@127.0.0.1:1/x: error communicating with \
                       database (\"postgres://a:b@h/d\")";
        let shown = redact_urls_in(message);
        assert!(
            !shown.contains("secret") && !shown.contains(":b@"),
            "{shown}"
        );
        assert_eq!(
            shown,
            "opening postgres://user:***@127.0.0.1:1/x: error communicating with \
             database (\"postgres://a:***@h/d\")"
        );
        assert_eq!(redact_urls_in("no url here"), "no url here");
    }
}
