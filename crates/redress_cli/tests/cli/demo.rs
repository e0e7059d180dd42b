//! `redress demo` as a process: it fills a new database with a simulated marketplace, prints
//! the console's address and one key per role, and serves in sandbox mode; each key sees
//! what its role may see; SIGTERM stops it and its temporary directory goes with it.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

/// One HTTP/1.1 GET; the status line and the body.
fn get(address: &str, path: &str, key: Option<&str>) -> (String, String) {
    let mut stream = TcpStream::connect(address).expect("the demo accepts");
    let authorization = key.map_or_else(String::new, |k| format!("Authorization: Bearer {k}\r\n"));
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\n{authorization}Connection: close\r\n\r\n"
    )
    .expect("the request is sent");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("an answer");
    let status = answer.lines().next().unwrap_or("").to_owned();
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn the_demo_serves_a_simulated_marketplace_with_a_key_per_role() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let demo_dir = dir.path().join("demo");
    let mut demo = Command::new(env!("CARGO_BIN_EXE_redress"))
        .args(["demo", "--port", "0", "--weeks", "2", "--dir"])
        .arg(&demo_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("redress demo starts");
    let mut lines = BufReader::new(demo.stdout.take().expect("stdout")).lines();
    let mut printed = Vec::new();
    let mut keys = BTreeMap::new();
    let mut address = None;
    for line in lines.by_ref() {
        let line = line.expect("a line");
        printed.push(line.clone());
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["Console", url] => {
                address = url
                    .strip_prefix("http://")
                    .map(|rest| rest.trim_end_matches('/').to_owned());
            }
            [role, secret, ..] if secret.starts_with("rk_live_") => {
                keys.insert((*role).to_owned(), (*secret).to_owned());
            }
            _ => {}
        }
        if line.starts_with("The clock stands still") {
            break;
        }
    }
    let address = address.unwrap_or_else(|| panic!("no console address in {printed:#?}"));
    assert_eq!(
        keys.keys().collect::<Vec<_>>(),
        ["arbitrator", "buyer", "integration", "merchant", "operator"],
        "{printed:#?}"
    );
    let summary = &printed[1];
    assert!(
        summary.starts_with("redress demo: 2 weeks of a marketplace with 10 merchants"),
        "{summary}"
    );
    // Two weeks from a midnight hold two Wednesdays 02:00: the evaluation ran twice.
    assert!(summary.contains(" 2 weekly evaluations"), "{summary}");

    let (status, health) = get(&address, "/healthz", None);
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    assert!(health.contains("\"mode\":\"sandbox\""), "{health}");

    // The operator sees every merchant's tickets; the merchant only its own, and has some.
    let (status, all) = get(&address, "/v1/tickets?limit=200", Some(&keys["operator"]));
    assert!(status.starts_with("HTTP/1.1 200"), "{status} {all}");
    let all: serde_json::Value = serde_json::from_str(&all).expect("JSON");
    let all = all["data"].as_array().expect("a list").clone();
    assert!(all.len() > 20, "a marketplace has tickets: {}", all.len());
    let (_, own) = get(&address, "/v1/tickets?limit=200", Some(&keys["merchant"]));
    let own: serde_json::Value = serde_json::from_str(&own).expect("JSON");
    let own = own["data"].as_array().expect("a list").clone();
    assert!(!own.is_empty());
    let merchant = own[0]["merchant_id"].clone();
    assert!(own.iter().all(|t| t["merchant_id"] == merchant));
    assert!(all.iter().any(|t| t["merchant_id"] != merchant));
    // The buyer's key opens the buyer's own tickets, one of them refused (theirs to escalate).
    let (status, mine) = get(&address, "/v1/tickets", Some(&keys["buyer"]));
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    assert!(mine.contains(r#""state":"rejected""#), "{mine}");
    // The arbitration desk is never empty, whatever day the demo starts on.
    let (status, disputes) = get(
        &address,
        "/v1/tickets?state=in_dispute&limit=200",
        Some(&keys["arbitrator"]),
    );
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    let disputes: serde_json::Value = serde_json::from_str(&disputes).expect("JSON");
    let disputes = disputes["data"].as_array().expect("a list").len();
    assert!(disputes >= 3, "open disputes on the desk: {disputes}");
    let signalled = Command::new("kill")
        .args(["-TERM", &demo.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(signalled.success());
    let _rest: Vec<String> = lines.map(|line| line.expect("a line")).collect();
    assert!(demo.wait().expect("the demo exits").success());
    assert!(
        demo_dir.join("demo.db").exists(),
        "--dir keeps the database"
    );

    let again = Command::new(env!("CARGO_BIN_EXE_redress"))
        .args(["demo", "--port", "0", "--dir"])
        .arg(&demo_dir)
        .output()
        .expect("runs");
    assert!(!again.status.success());
    let error = String::from_utf8_lossy(&again.stderr);
    assert!(error.contains("already holds a demo database"), "{error}");
}
