//! `redress policy check` and `redress policy show`.

use super::{operator_key, redress, text};
use std::io::{Read, Write};
use std::net::TcpStream;

/// `GET /v1/policy`'s body.
fn policy_in_force(address: &str, key: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("the server accepts");
    write!(
        stream,
        "GET /v1/policy HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {key}\r\nConnection: close\r\n\r\n"
    )
    .expect("the request is sent");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("an answer");
    answer
}

#[test]
fn show_prints_a_policy_that_check_accepts() {
    for args in [
        vec!["policy", "show"],
        vec!["policy", "show", "--preset", "channels"],
    ] {
        let output = redress(&args);
        assert!(output.status.success(), "{}", text(&output.stderr));
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("policy.toml");
        std::fs::write(&file, &output.stdout).expect("write");
        let check = redress(&["policy", "check", file.to_str().expect("utf-8 path")]);
        assert!(check.status.success(), "{}", text(&check.stderr));
        assert!(text(&check.stdout).contains("valid"));
    }
}

#[test]
fn check_names_the_key_and_the_problem() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, "[deadlines]\nmerchant_response_hours = 0\n").expect("write");
    let output = redress(&["policy", "check", file.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("deadlines.merchant_response_hours"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_preset_lists_the_presets() {
    let output = redress(&["policy", "show", "--preset", "nope"]);
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("kuaishou") && stderr.contains("channels"),
        "{stderr}"
    );
}

/// `serve --policy FILE` stores the file as a new version only when it differs from the
/// stored one and says which; `policy versions` and `policy show --version` read them back.
#[test]
fn serve_stores_a_policy_file_once_and_policy_show_prints_a_stored_version() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = dir.path().join("redress.db");
    let database = database.to_str().expect("utf-8 path");
    let day = dir.path().join("day.toml");
    std::fs::write(&day, "[deadlines]\nmerchant_response_hours = 24\n").expect("write");
    let twelve = dir.path().join("twelve.toml");
    std::fs::write(&twelve, "[deadlines]\nmerchant_response_hours = 12\n").expect("write");
    let key = operator_key(database);
    // The log lines before the address, and the policy the server answers with.
    let serve = |file: Option<&std::path::Path>| {
        let mut args = vec!["--listen", "127.0.0.1:0", "--database", database];
        if let Some(file) = file {
            args.extend(["--policy", file.to_str().expect("utf-8 path")]);
        }
        let served = super::serve(&args);
        let answer = policy_in_force(&served.address, &key);
        let startup = served.startup.join("\n");
        served.stop();
        (startup, answer)
    };
    let (first, answer) = serve(Some(&day));
    assert!(first.contains("put in force as version 1"), "{first}");
    assert!(answer.contains("\"version\":1"), "{answer}");
    let (again, answer) = serve(Some(&day));
    assert!(again.contains("matches version 1"), "{again}");
    assert!(answer.contains("\"version\":1"), "{answer}");
    let (other, answer) = serve(Some(&twelve));
    assert!(other.contains("put in force as version 2"), "{other}");
    assert!(answer.contains("merchant_response_hours = 12"), "{answer}");
    // Without a file, the stored version holds.
    let (startup, answer) = serve(None);
    assert!(
        startup.contains("stored policy version 2 in force"),
        "{startup}"
    );
    assert!(answer.contains("\"version\":2"), "{answer}");

    let versions = redress(&["policy", "versions", "--database", database]);
    assert!(versions.status.success(), "{}", text(&versions.stderr));
    let listing = text(&versions.stdout);
    assert!(listing.contains("# version 1 \"custom\""), "{listing}");
    assert!(
        listing.contains("deadlines.merchant_response_hours: 48 → 24"),
        "{listing}"
    );
    assert!(
        listing.contains("deadlines.merchant_response_hours: 24 → 12"),
        "{listing}"
    );
    assert!(listing.contains("by system"), "{listing}");

    let shown = redress(&["policy", "show", "--version", "1", "--database", database]);
    assert!(shown.status.success(), "{}", text(&shown.stderr));
    let file = dir.path().join("shown.toml");
    std::fs::write(&file, &shown.stdout).expect("write");
    let shown = text(&shown.stdout);
    assert!(shown.contains("merchant_response_hours = 24"), "{shown}");
    // What it prints is a policy file again.
    let check = redress(&["policy", "check", file.to_str().expect("utf-8 path")]);
    assert!(check.status.success(), "{}", text(&check.stderr));

    let missing = redress(&["policy", "show", "--version", "3", "--database", database]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing.stderr).contains("1 to 2"),
        "{}",
        text(&missing.stderr)
    );
}
