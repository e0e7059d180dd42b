//! Unit tests: the defaults and presets, exact units, the round trip through `to_toml`, and
//! a table of bad files each of which must name its key.

use std::collections::BTreeSet;

use proptest::prelude::*;
use redress_domain::policy::{DisputeCounting, DisputeStandard, FAST_REFUND_NOTE, PPM, ScoreBand};
use redress_domain::{MerchantId, Policy, ProductId};

use crate::{LoadError, PRESETS, UnknownPreset, load, parse, preset, to_toml, units};

fn parse_ok(text: &str) -> Policy {
    parse(text).unwrap_or_else(|errors| panic!("expected a valid policy:\n{text}\ngot:\n{errors}"))
}

#[test]
fn an_empty_file_is_the_default_policy() {
    assert_eq!(parse_ok(""), Policy::default());
    assert_eq!(parse_ok("# nothing but a comment\n"), Policy::default());
}

#[test]
fn a_file_that_changes_nothing_keeps_the_base_name() {
    // Setting a key to the value it already has does not make the policy a different one.
    let policy = parse_ok("[deadlines]\nmerchant_response_hours = 48\n");
    assert_eq!(policy, Policy::default());
    assert_eq!(
        parse_ok("preset = \"channels\"\n"),
        preset("channels").unwrap()
    );
}

#[test]
fn a_changed_policy_without_a_name_is_called_custom() {
    let policy = parse_ok("preset = \"kuaishou\"\n[deadlines]\nmerchant_response_hours = 24\n");
    assert_eq!(policy.name, "custom");
    assert_eq!(policy.deadlines.merchant_response_hours, 24);
    assert_eq!(
        parse_ok("[trust]\ncompleted_orders_min = 6\n").name,
        "custom"
    );
}

#[test]
fn a_name_key_names_the_policy() {
    let policy = parse_ok(
        "preset = \"channels\"\nname = \"channels-strict\"\n[deadlines]\nmerchant_response_hours = 24\n",
    );
    assert_eq!(policy.name, "channels-strict");
    assert_eq!(
        policy.dispute_rate.counting,
        DisputeCounting::BuyerInitiated
    );
    assert_eq!(policy.deadlines.merchant_response_hours, 24);
}

#[test]
fn kuaishou_is_the_spec_defaults() {
    let expected = Policy {
        name: "kuaishou".to_owned(),
        ..Policy::default()
    };
    assert_eq!(preset("kuaishou").unwrap(), expected);
    assert_eq!(
        expected.dispute_rate.counting,
        DisputeCounting::TicketsEscalated
    );
    assert_eq!(
        expected.dispute_rate.standard,
        DisputeStandard::RelativeToAverage {
            multiplier_ppm: 1_500_000
        }
    );
    assert_eq!(expected.dispute_rate.reference_rate_ppm, 4_000);
    assert_eq!(expected.fast_refund.note, FAST_REFUND_NOTE);
}

#[test]
fn channels_counts_buyer_initiated_disputes_and_shares_the_rest() {
    let mut expected = Policy {
        name: "channels".to_owned(),
        ..Policy::default()
    };
    expected.dispute_rate.counting = DisputeCounting::BuyerInitiated;
    expected.dispute_rate.measures_creators = true;
    assert_eq!(preset("channels").unwrap(), expected);
}

#[test]
fn every_preset_loads_and_unknown_ones_are_refused() {
    for name in PRESETS {
        assert_eq!(preset(name).unwrap().name, *name);
        assert_eq!(parse_ok(&format!("preset = {name:?}\n")).name, *name);
    }
    assert_eq!(
        preset("taobao"),
        Err(UnknownPreset {
            name: "taobao".to_owned()
        })
    );
    assert_eq!(
        UnknownPreset {
            name: "taobao".to_owned()
        }
        .to_string(),
        "\"taobao\" is not a preset; the presets are kuaishou, channels"
    );
}

/// Every key `to_toml` writes, as dotted paths; arrays count as one key.
fn key_paths(text: &str) -> BTreeSet<String> {
    fn walk(table: &toml::Table, prefix: &str, paths: &mut BTreeSet<String>) {
        for (key, value) in table {
            let path = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            match value {
                toml::Value::Table(table) => walk(table, &path, paths),
                _ => {
                    paths.insert(path);
                }
            }
        }
    }
    let table: toml::Table = text.parse().expect("valid TOML");
    let mut paths = BTreeSet::new();
    walk(&table, "", &mut paths);
    paths
}

#[test]
fn preset_files_set_every_key() {
    // A complete preset documents every value in one place and does not change when a
    // default in the domain does.
    let all_keys = key_paths(&to_toml(&Policy::default()));
    assert_eq!(
        all_keys.len(),
        54,
        "a key was added: update the presets and this count"
    );
    for (name, text) in [("kuaishou", crate::KUAISHOU), ("channels", crate::CHANNELS)] {
        assert_eq!(key_paths(text), all_keys, "preset {name}");
        assert!(text.starts_with("# "), "preset {name} opens with a comment");
    }
}

#[test]
fn to_toml_round_trips_the_default_and_the_presets() {
    let mut policies = vec![Policy::default()];
    policies.extend(PRESETS.iter().map(|name| preset(name).unwrap()));
    for policy in policies {
        assert_eq!(parse_ok(&to_toml(&policy)), policy);
    }
}

#[test]
fn to_toml_round_trips_a_policy_using_every_shape() {
    let mut policy = Policy {
        name: "平台 \"strict\" \\ v2".to_owned(),
        time_zone: "UTC".to_owned(),
        ..Policy::default()
    };
    policy.fast_refund.enabled = false;
    policy.fast_refund.note = "note with 'quotes' and \"more\" and a tab-free line".to_owned();
    policy.fast_refund.excluded_merchants = vec![
        MerchantId::parse("m-1").unwrap(),
        MerchantId::parse("shop:2").unwrap(),
    ];
    policy.fast_refund.excluded_products = vec![ProductId::parse("p.9").unwrap()];
    policy.fast_refund.excluded_categories = vec!["生鲜 \"fresh\"".to_owned(), "food".to_owned()];
    policy.mass_overdue.slight_measures = vec![redress_domain::policy::MeasureKind::CartSuspended];
    policy.mass_overdue.especially_serious_measures =
        redress_domain::policy::MeasureKind::ALL.to_vec();
    policy.dispute_rate.standard = DisputeStandard::Fixed { rate_ppm: 1 };
    policy.trust.refund_rate_ppm_max = 123_456;
    policy.evaluation.weekday_iso = 7;
    policy.evaluation.hour = 23;
    policy.evaluation.minute = 59;
    policy.evaluation.slight_multiplier_ppm = 1_000_001;
    policy.store_score.refund_only_bands = vec![ScoreBand {
        hours_max: 8760,
        score_tenths: 0,
    }];
    policy.store_score.refund_only_floor_tenths = 0;
    assert_eq!(parse_ok(&to_toml(&policy)), policy);
}

#[test]
fn the_example_in_the_crate_docs_is_a_valid_file() {
    let source = include_str!("lib.rs");
    let example: String = source
        .lines()
        .skip_while(|line| *line != "//! ```toml")
        .skip(1)
        .take_while(|line| *line != "//! ```")
        .map(|line| format!("{}\n", line.trim_start_matches("//!").trim_start()))
        .collect();
    let policy = parse_ok(&example);
    assert_eq!(policy.name, "channels-strict");
    assert_eq!(
        policy.dispute_rate.standard,
        DisputeStandard::Fixed { rate_ppm: 5_000 }
    );
}

#[test]
fn decimals_are_read_exactly() {
    assert_eq!(units::parse_percent_ppm("0.35%"), Ok(3_500));
    assert_eq!(units::parse_percent_ppm("0.4%"), Ok(4_000));
    assert_eq!(units::parse_percent_ppm("30%"), Ok(300_000));
    assert_eq!(units::parse_percent_ppm("0.0001%"), Ok(1));
    assert_eq!(units::parse_percent_ppm("0.350000%"), Ok(3_500));
    assert_eq!(units::parse_multiplier_ppm("1.5"), Ok(1_500_000));
    assert_eq!(units::parse_multiplier_ppm("2"), Ok(2_000_000));
    assert_eq!(units::parse_score_tenths("4.5"), Ok(45));
    for refused in [
        "12.3456789%",
        "0.00001%",
        "0.35",
        "35 %",
        "-1%",
        ".5%",
        "1.%",
        "1e2%",
        "",
    ] {
        assert!(
            units::parse_percent_ppm(refused).is_err(),
            "{refused:?} must be refused"
        );
    }
    for refused in ["1.0000001", "1,5", "+1", "1.5x", "0x10"] {
        assert!(
            units::parse_multiplier_ppm(refused).is_err(),
            "{refused:?} must be refused"
        );
    }
    assert!(units::parse_score_tenths("4.55").is_err());

    let policy = parse_ok(
        "[merchant_responsible]\nrate_max = \"0.35%\"\n[dispute_rate]\nreference_rate = \"0.4%\"\n\
         standard = { relative_to_average = \"1.5\" }\n[evaluation]\nslight_multiplier = 2\n",
    );
    assert_eq!(policy.merchant_responsible.rate_ppm_max, 3_500);
    assert_eq!(policy.dispute_rate.reference_rate_ppm, 4_000);
    assert_eq!(
        policy.dispute_rate.standard,
        DisputeStandard::RelativeToAverage {
            multiplier_ppm: 1_500_000
        }
    );
    assert_eq!(policy.evaluation.slight_multiplier_ppm, 2 * PPM);
}

#[test]
fn decimals_render_in_their_shortest_form() {
    assert_eq!(units::render_percent(3_500), "0.35%");
    assert_eq!(units::render_percent(300_000), "30%");
    assert_eq!(units::render_percent(1), "0.0001%");
    assert_eq!(units::render_multiplier(1_500_000), "1.5");
    assert_eq!(units::render_multiplier(1_000_001), "1.000001");
    assert_eq!(units::render_score(45), "4.5");
    assert_eq!(units::render_score(40), "4");
}

#[test]
fn readable_values_are_accepted_in_their_usual_spellings() {
    let policy = parse_ok(
        "time_zone = \"asia/shanghai\"\n[evaluation]\nweekday = \"Friday\"\ntime = \"7:30\"\n",
    );
    assert_eq!(
        policy.time_zone, "Asia/Shanghai",
        "the database's spelling is kept"
    );
    assert_eq!(policy.evaluation.weekday_iso, 5);
    assert_eq!((policy.evaluation.hour, policy.evaluation.minute), (7, 30));
}

/// Asserts that `text` is refused and that one line of the report is `expected`, or starts
/// with it: each starts with the key path, so every case checks the path is named.
fn check(text: &str, expected: &str) {
    let report = match parse(text) {
        Ok(policy) => panic!("expected {expected:?} for\n{text}\nbut it parsed: {policy:?}"),
        Err(errors) => errors.to_string(),
    };
    assert!(
        report.lines().any(|line| line.starts_with(expected)),
        "expected a line starting with {expected:?} for\n{text}\ngot:\n{report}"
    );
}

#[test]
fn bad_files_name_the_key_and_the_problem() {
    let cases: &[(&str, &str)] = &[
        (
            "[deadlines]\nmerchant_response_hours = 0\n",
            "deadlines.merchant_response_hours: must be between 1 and 8760, got 0",
        ),
        (
            "[deadlines]\nseven_day_return_hours = -1\n",
            "deadlines.seven_day_return_hours: must be between 1 and 8760, got -1",
        ),
        (
            "[deadlines]\nmerchant_response_hours = \"48h\"\n",
            "deadlines.merchant_response_hours: invalid type: string \"48h\", expected i64",
        ),
        (
            "[fast_refund]\npaid_amount_below_minor = 0\n",
            "fast_refund.paid_amount_below_minor: must be positive, got 0",
        ),
        (
            "[fast_refund]\nnote = \"two\\nlines\"\n",
            "fast_refund.note: must be one line of text",
        ),
        (
            "[fast_refund]\nexcluded_merchants = [\"shop-1\", \"bad id\"]\n",
            "fast_refund.excluded_merchants: entry 2: \"bad id\" is not a valid merchant id: it contains ' '",
        ),
        (
            "[fast_refund]\nexcluded_merchants = [\"shop-1\", \"shop-1\"]\n",
            "fast_refund.excluded_merchants: entry 2: \"shop-1\" is listed twice",
        ),
        (
            "[fast_refund]\nexcluded_products = [\"\"]\n",
            "fast_refund.excluded_products: entry 1: \"\" is not a valid product id: it must not be empty",
        ),
        (
            "[mass_overdue]\nslight_measures = []\n",
            "mass_overdue.slight_measures: must name at least one measure",
        ),
        (
            "[mass_overdue]\nserious_measures = [\"warning\", \"refund_handling_closed\"]\n",
            "mass_overdue.serious_measures: entry 2: \"refund_handling_closed\" is not a measure",
        ),
        (
            "[mass_overdue]\ntermination_high_risk_findings = -1\n",
            "mass_overdue.termination_high_risk_findings: must be between 0 and 1000000, got -1",
        ),
        (
            "[mass_overdue]\nespecially_serious_measures = [\"warning\", \"termination\"]\n",
            "mass_overdue.especially_serious_measures: entry 2: \"termination\" is not a measure",
        ),
        (
            "[mass_overdue]\nslight_measures = [\"warning\", \"warning\"]\n",
            "mass_overdue.slight_measures: entry 2: \"warning\" is listed twice",
        ),
        (
            "[fast_refund]\nexcluded_categories = [\"food\", \" \"]\n",
            "fast_refund.excluded_categories: entry 2: \" \" is blank",
        ),
        (
            "[fast_refund]\nexcluded_categories = [\"food\", \"food\"]\n",
            "fast_refund.excluded_categories: entry 2: \"food\" is listed twice",
        ),
        (
            "[refund_retry]\nattempts_max = 0\n",
            "refund_retry.attempts_max: must be between 1 and 100, got 0",
        ),
        (
            "[refund_retry]\nattempts_max = 1000\n",
            "refund_retry.attempts_max: must be between 1 and 100, got 1000",
        ),
        (
            "[refund_retry]\nfirst_delay_seconds = 600\ndelay_seconds_max = 60\n",
            "refund_retry.delay_seconds_max: must be at least first_delay_seconds (600), got 60",
        ),
        (
            "[trust]\nrefund_rate_max = \"12.3456789%\"\n",
            "trust.refund_rate_max: \"12.3456789%\" is more precise than 1 ppm (0.0001%)",
        ),
        (
            "[trust]\nrefund_rate_max = \"130%\"\n",
            "trust.refund_rate_max: must be between 0% and 100%, got \"130%\"",
        ),
        (
            "[merchant_responsible]\nrate_max = \"0.35\"\n",
            "merchant_responsible.rate_max: \"0.35\" is not a percentage; write it like \"0.35%\"",
        ),
        (
            "[merchant_responsible]\ntime_item_cap = \"6\"\n",
            "merchant_responsible.time_item_cap: must be between 0 and 5, got \"6\"",
        ),
        (
            "[dispute_rate]\ncounting = \"all\"\n",
            "dispute_rate.counting: \"all\" is not a way of counting",
        ),
        (
            "[dispute_rate]\nstandard = { fixed = \"0%\" }\n",
            "dispute_rate.standard.fixed: must be between 0.0001% and 100%, got \"0%\"",
        ),
        (
            "[dispute_rate]\nstandard = { relative = \"1.5\" }\n",
            "dispute_rate.standard.relative: unknown variant `relative`",
        ),
        (
            "[dispute_rate]\nwindow_days = 400\n",
            "dispute_rate.window_days: must be between 1 and 365, got 400",
        ),
        (
            "[store_score]\nrefund_only_bands = [\n  { hours_max = 2, score = \"5\" },\n  \
             { hours_max = 12, score = \"4.5\" },\n  { hours_max = 6, score = \"4\" },\n]\n",
            "store_score.refund_only_bands: hours_max must increase (band 3: 6 after 12)",
        ),
        (
            "[store_score]\nreturn_refund_bands = [{ hours_max = 24, score = \"4\" }, \
             { hours_max = 48, score = \"4.5\" }]\n",
            "store_score.return_refund_bands: scores must not increase as hours grow (band 2: 4.5 after 4)",
        ),
        (
            "[store_score]\nrefund_only_bands = [{ hours_max = 2, score = \"5.5\" }]\n",
            "store_score.refund_only_bands: band 1: score must be between 0 and 5, got \"5.5\"",
        ),
        (
            "[store_score]\nrefund_only_bands = []\n",
            "store_score.refund_only_bands: must have between 1 and 20 bands, got 0",
        ),
        (
            "[store_score]\nrefund_only_bands = [{ hours_max = 2 }]\n",
            "store_score.refund_only_bands: entry 1: missing field `score`",
        ),
        (
            "[store_score]\nreturn_refund_floor = \"3.5\"\n",
            "store_score.return_refund_floor: must not be above the last band's score (3), got \"3.5\"",
        ),
        (
            "[evaluation]\nweekday = \"funday\"\n",
            "evaluation.weekday: \"funday\" is not a day of the week",
        ),
        (
            "[evaluation]\ntime = \"24:00\"\n",
            "evaluation.time: \"24:00\" is not a time of day; write it like \"02:00\"",
        ),
        (
            "[evaluation]\nslight_multiplier = \"3\"\nserious_multiplier = \"2\"\n",
            "evaluation.serious_multiplier: must be at least slight_multiplier (\"3\"), got \"2\"",
        ),
        (
            "[evaluation]\nslight_multiplier = 1.5\n",
            "evaluation.slight_multiplier: invalid type: floating point `1.5`, expected a quoted decimal",
        ),
        (
            "[mass_overdue]\nviolation_count_min = 60\n",
            "mass_overdue.high_risk_count_min: must be at least violation_count_min (60), got 50",
        ),
        (
            "[penalties]\ndelist_days_min = 6\n",
            "penalties.delist_days_max: must be at least delist_days_min (6), got 5",
        ),
        (
            "[penalties]\nfine_minor_min = 200000\n",
            "penalties.fine_minor_max: must be at least fine_minor_min (200000), got 100000",
        ),
        (
            "time_zone = \"Mars/Olympus\"\n",
            "time_zone: \"Mars/Olympus\" is not a time zone",
        ),
        (
            "name = \"\"\n",
            "name: must be between 1 and 64 characters long, got 0",
        ),
        (
            "preset = \"taobao\"\n",
            "preset: \"taobao\" is not a preset",
        ),
        (
            "[deadlines\n",
            "unclosed table, expected `]` (line 1, column 11)",
        ),
    ];
    assert!(cases.len() >= 12);
    for (text, expected) in cases {
        check(text, expected);
    }
}

#[test]
fn an_unknown_key_is_named_with_its_line() {
    let text = "name = \"x\"\n\n[deadlines]\nmerchant_respnse_hours = 3\n";
    check(
        text,
        "deadlines.merchant_respnse_hours: unknown field `merchant_respnse_hours`, expected one of",
    );
    let errors = parse(text).unwrap_err();
    let problem = &errors.problems()[0];
    assert_eq!(problem.key_path, "deadlines.merchant_respnse_hours");
    assert_eq!(
        problem.location,
        Some(crate::Location { line: 4, column: 1 })
    );
    assert!(errors.to_string().ends_with("(line 4, column 1)"));

    check("[deadline]\n", "deadline: unknown field `deadline`");
    check(
        "[store_score]\nrefund_only_bands = [{ hours_max = 2, score = \"5\" }, { hours_max = 6, scor = \"4\" }]\n",
        "store_score.refund_only_bands: entry 2, scor: unknown field `scor`",
    );
}

#[test]
fn every_problem_is_reported_one_per_line() {
    let text = "\
preset = \"taobao\"
time_zone = \"Nowhere/Town\"
[deadlines]
merchant_response_hours = 0
dispute_evidence_hours = 9000
[fast_refund]
paid_amount_below_minor = -5
excluded_merchants = [\"a b\", \"c\", \"d e\"]
[evaluation]
weekday = \"funday\"
slight_multiplier = \"oops\"
serious_multiplier = \"1.5\"
";
    let errors = parse(text).unwrap_err();
    let paths: Vec<&str> = errors
        .problems()
        .iter()
        .map(|problem| problem.key_path.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "preset",
            "time_zone",
            "deadlines.merchant_response_hours",
            "deadlines.dispute_evidence_hours",
            "fast_refund.paid_amount_below_minor",
            "fast_refund.excluded_merchants",
            "fast_refund.excluded_merchants",
            "evaluation.weekday",
            // The bad slight multiplier is not also compared with the serious one.
            "evaluation.slight_multiplier",
        ]
    );
    assert_eq!(errors.to_string().lines().count(), paths.len());
}

#[test]
fn load_reads_a_file_and_names_it_in_errors() {
    let directory = tempfile::tempdir().unwrap();
    let good = directory.path().join("good.toml");
    std::fs::write(&good, "preset = \"channels\"\n").unwrap();
    assert_eq!(load(&good).unwrap(), preset("channels").unwrap());

    let bad = directory.path().join("bad.toml");
    std::fs::write(&bad, "[deadlines]\nmerchant_response_hours = 0\n").unwrap();
    let error = load(&bad).unwrap_err();
    assert!(matches!(error, LoadError::Invalid { .. }));
    let message = error.to_string();
    assert!(message.contains("bad.toml"), "{message}");
    assert!(
        message.contains("deadlines.merchant_response_hours: must be between"),
        "{message}"
    );

    let missing = directory.path().join("missing.toml");
    let error = load(&missing).unwrap_err();
    assert!(matches!(error, LoadError::Read { .. }));
    assert!(error.to_string().contains("missing.toml"));

    let binary = directory.path().join("binary.toml");
    std::fs::write(&binary, [b'#', 0xff, b'\n']).unwrap();
    assert!(
        load(&binary)
            .unwrap_err()
            .to_string()
            .contains("not UTF-8 text")
    );

    let huge = directory.path().join("huge.toml");
    std::fs::write(&huge, "#".repeat(crate::POLICY_BYTES_MAX + 1)).unwrap();
    assert!(load(&huge).unwrap_err().to_string().contains("larger than"));
}

#[test]
fn files_follow_the_conventions() {
    // STYLE.md convention 14: every source file opens with `//!`, and no line ends in
    // whitespace. Presets are read by people as much as code is.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for folder in ["src", "presets"] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            if path.extension().is_some_and(|extension| extension == "rs") {
                assert!(
                    text.starts_with("//!"),
                    "{} must open with //!",
                    path.display()
                );
            }
            for (index, line) in text.lines().enumerate() {
                assert_eq!(
                    line.trim_end(),
                    line,
                    "{}:{} ends in whitespace",
                    path.display(),
                    index + 1
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 8);
}

/// Valid policies over the whole range the checks allow.
fn valid_policy() -> impl Strategy<Value = Policy> {
    let name = "[a-zA-Z0-9 _.\"'\\\\/\u{5e73}\u{53f0}-]{1,30}";
    let time_zone = prop::sample::select(vec![
        "Asia/Shanghai",
        "UTC",
        "Europe/Berlin",
        "America/New_York",
    ]);
    let hours = || 1..=8760_u32;
    let deadlines = prop::array::uniform10(hours());
    let retry = (1..=86_400_u32, 1..=604_800_u32, 1..=100_u32);
    let fast_refund = (
        any::<bool>(),
        1..=100_000_000_i64,
        "\\PC{1,40}",
        // The id grammar: starts with a letter or digit, never `..`.
        prop::collection::btree_set("[a-z0-9](\\.?[a-z0-9:_-]){0,11}", 0..4),
        prop::collection::btree_set("[A-Z0-9]{1,12}", 0..4),
        prop::collection::btree_set("[a-z]\\PC{0,20}", 0..4),
    );
    let trust = (0..=3650_u32, 0..=1_000_000_u32, 0..=1_000_000_u64);
    let standard = prop_oneof![
        (1..=100_000_000_u64)
            .prop_map(|multiplier_ppm| DisputeStandard::RelativeToAverage { multiplier_ppm }),
        (1..=1_000_000_u64).prop_map(|rate_ppm| DisputeStandard::Fixed { rate_ppm }),
    ];
    let dispute_rate = (1..=365_u32, any::<bool>(), standard, 1..=1_000_000_u64);
    let merchant_responsible = (0..=1_000_000_u64, 0..=1_000_000_u64, 0..=50_u32);
    let bands = || {
        (1..=20_usize).prop_flat_map(|count| {
            (
                prop::collection::btree_set(1..=8760_u32, count),
                prop::collection::vec(0..=50_u32, count + 1),
            )
        })
    };
    let evaluation = (
        1..=7_u8,
        0..=23_u8,
        0..=59_u8,
        1_000_000..=100_000_000_u64,
        1_000_000..=100_000_000_u64,
        1..=3650_u32,
    );
    let mass_overdue = (
        1..=1_000_000_u64,
        1..=1_000_000_u64,
        1..=1_000_000_u64,
        1..=1_000_000_u64,
    );
    let penalties = (
        0..=365_u32,
        0..=365_u32,
        0..=100_000_000_i64,
        0..=100_000_000_i64,
        0..=100_u32,
    );
    (
        (name, time_zone, deadlines, retry, fast_refund, trust),
        (
            dispute_rate,
            merchant_responsible,
            bands(),
            bands(),
            evaluation,
            mass_overdue,
            penalties,
        ),
    )
        .prop_map(
            |(
                (name, time_zone, deadlines, retry, fast_refund, trust),
                (
                    dispute_rate,
                    merchant_responsible,
                    refund_only,
                    return_refund,
                    evaluation,
                    mass_overdue,
                    penalties,
                ),
            )| {
                let mut policy = Policy {
                    name,
                    time_zone: time_zone.to_owned(),
                    ..Policy::default()
                };
                let d = &mut policy.deadlines;
                [
                    d.merchant_response_hours,
                    d.buyer_return_shipment_hours,
                    d.return_unsigned_countdown_start_hours,
                    d.merchant_return_handling_hours,
                    d.escalation_window_hours,
                    d.dispute_evidence_hours,
                    d.merchant_shipment_hours,
                    d.refusal_outcome_hours,
                    d.replacement_delivery_hours,
                    d.seven_day_return_hours,
                ] = deadlines;
                let (first_delay, other_delay, attempts_max) = retry;
                policy.refund_retry.first_delay_seconds = first_delay;
                policy.refund_retry.delay_seconds_max = first_delay.max(other_delay);
                policy.refund_retry.attempts_max = attempts_max;
                let (enabled, paid_below, note, merchants, products, categories) = fast_refund;
                policy.fast_refund.enabled = enabled;
                policy.fast_refund.paid_amount_below_minor = paid_below;
                policy.fast_refund.note = note;
                policy.fast_refund.excluded_merchants = merchants
                    .iter()
                    .map(|id| MerchantId::parse(id).unwrap())
                    .collect();
                policy.fast_refund.excluded_products = products
                    .iter()
                    .map(|id| ProductId::parse(id).unwrap())
                    .collect();
                policy.fast_refund.excluded_categories = categories.into_iter().collect();
                (
                    policy.trust.account_age_days_min,
                    policy.trust.completed_orders_min,
                    policy.trust.refund_rate_ppm_max,
                ) = trust;
                let (window_days, buyer_initiated, standard, reference) = dispute_rate;
                policy.dispute_rate.window_days = window_days;
                policy.dispute_rate.counting = if buyer_initiated {
                    DisputeCounting::BuyerInitiated
                } else {
                    DisputeCounting::TicketsEscalated
                };
                policy.dispute_rate.standard = standard;
                policy.dispute_rate.reference_rate_ppm = reference;
                let m = &mut policy.merchant_responsible;
                (m.count_below, m.rate_ppm_max, m.time_item_cap_tenths) = merchant_responsible;
                let ladder = |(hours, mut scores): (BTreeSet<u32>, Vec<u32>)| {
                    // Falling scores with the lowest as the floor make every ladder valid.
                    scores.sort_unstable_by(|a, b| b.cmp(a));
                    let floor = scores.pop().unwrap();
                    let bands = hours
                        .into_iter()
                        .zip(scores)
                        .map(|(hours_max, score_tenths)| ScoreBand {
                            hours_max,
                            score_tenths,
                        })
                        .collect::<Vec<_>>();
                    (bands, floor)
                };
                let s = &mut policy.store_score;
                (s.refund_only_bands, s.refund_only_floor_tenths) = ladder(refund_only);
                (s.return_refund_bands, s.return_refund_floor_tenths) = ladder(return_refund);
                let (weekday_iso, hour, minute, slight, other, lookback) = evaluation;
                let e = &mut policy.evaluation;
                (e.weekday_iso, e.hour, e.minute) = (weekday_iso, hour, minute);
                e.slight_multiplier_ppm = slight.min(other);
                e.serious_multiplier_ppm = slight.max(other);
                e.violation_lookback_days = lookback;
                let (count_a, count_b, share_a, share_b) = mass_overdue;
                let o = &mut policy.mass_overdue;
                (o.violation_count_min, o.high_risk_count_min) =
                    (count_a.min(count_b), count_a.max(count_b));
                (o.violation_share_ppm_min, o.high_risk_share_ppm_min) =
                    (share_a.min(share_b), share_a.max(share_b));
                // Any count, 0 (never by evaluation) included.
                o.termination_high_risk_findings = (count_a % 5) as u32;
                let (delist_a, delist_b, fine_a, fine_b, points) = penalties;
                let p = &mut policy.penalties;
                (p.delist_days_min, p.delist_days_max) =
                    (delist_a.min(delist_b), delist_a.max(delist_b));
                (p.fine_minor_min, p.fine_minor_max) = (fine_a.min(fine_b), fine_a.max(fine_b));
                p.points_deducted = points;
                policy
            },
        )
}

proptest! {
    #[test]
    fn to_toml_round_trips_any_valid_policy(policy in valid_policy()) {
        let text = to_toml(&policy);
        match parse(&text) {
            Ok(read) => prop_assert_eq!(read, policy),
            Err(errors) => prop_assert!(false, "{}\n{}", errors, text),
        }
    }
}

#[test]
fn diff_names_each_changed_key_with_both_values() {
    let before = to_toml(&Policy::default());
    let changed = parse_ok(
        "[dispute_rate]\nreference_rate = \"0.3%\"\n[deadlines]\nmerchant_response_hours = 24\n",
    );
    let lines = crate::diff(&before, &to_toml(&changed));
    assert_eq!(
        lines,
        vec![
            "deadlines.merchant_response_hours: 48 → 24".to_owned(),
            "dispute_rate.reference_rate: 0.4% → 0.3%".to_owned(),
            "name: default → custom".to_owned(),
        ]
    );
    assert!(crate::diff(&before, &before).is_empty());
    assert_eq!(
        crate::diff("a = 1\n", "[b]\nc = \"x\"\n"),
        vec!["a: 1 → (unset)".to_owned(), "b.c: (unset) → x".to_owned()]
    );
}
