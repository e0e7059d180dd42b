//! The exposition's shape: cumulative buckets, one counter line per status.

use super::Telemetry;

#[test]
fn histogram_buckets_are_cumulative_and_end_with_the_count() {
    let telemetry = Telemetry::default();
    telemetry.observe("GET", "/v1/tickets/{ticket_id}", 200, 0.0004);
    telemetry.observe("GET", "/v1/tickets/{ticket_id}", 404, 0.003);
    telemetry.observe("GET", "/v1/tickets/{ticket_id}", 200, 60.0);
    let mut out = String::new();
    telemetry.write_http(&mut out);
    let labels = r#"method="GET",route="/v1/tickets/{ticket_id}""#;
    for line in [
        format!(r#"redress_http_requests_total{{{labels},status="200"}} 2"#),
        format!(r#"redress_http_requests_total{{{labels},status="404"}} 1"#),
        format!(r#"redress_http_request_duration_seconds_bucket{{{labels},le="0.0005"}} 1"#),
        format!(r#"redress_http_request_duration_seconds_bucket{{{labels},le="0.0025"}} 1"#),
        format!(r#"redress_http_request_duration_seconds_bucket{{{labels},le="0.005"}} 2"#),
        format!(r#"redress_http_request_duration_seconds_bucket{{{labels},le="30"}} 2"#),
        format!(r#"redress_http_request_duration_seconds_bucket{{{labels},le="+Inf"}} 3"#),
        format!(r#"redress_http_request_duration_seconds_count{{{labels}}} 3"#),
    ] {
        assert!(out.lines().any(|l| l == line), "{line} in\n{out}");
    }
}

#[test]
fn label_values_are_escaped() {
    assert_eq!(super::escape("a\"b\\c\nd"), r#"a\"b\\c\nd"#);
}

#[test]
fn standard_methods_are_labelled_by_name_and_any_other_as_other() {
    use axum::http::Method;
    for known in ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] {
        let method = Method::from_bytes(known.as_bytes()).expect("a method");
        assert_eq!(super::method_label(&method), known);
    }
    for made_up in ["FROB", "get", "PROPFIND", "X-1"] {
        let method = Method::from_bytes(made_up.as_bytes()).expect("a token");
        assert_eq!(super::method_label(&method), "other", "{made_up}");
    }
}
