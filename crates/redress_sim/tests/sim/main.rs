//! The simulator's tests: determinism (byte for byte, across runs and across backends),
//! seeds that matter, model validation naming the key, the what-if report, and outputs that
//! agree with the engine's own daily figures. Each simulates a small marketplace for a few
//! days, in seconds.

use redress_domain::Policy;
use redress_engine::{Engine, EngineConfig, ManualClock};
use redress_sim::{Model, Outcome, Silent, compare, outputs, report};
use redress_store::{AnyStore, SqliteStore, Store};
use redress_testkit::{Backend, Database};
use std::collections::BTreeMap;
use std::sync::Arc;

mod over_http;

const DAYS: u32 = 12;

/// Run `model` for `days` under `policy` on `store`, then check the engine's books: replay
/// equals the projections and the daily rollups equal a recount of the log.
async fn simulate_on(
    store: AnyStore,
    model: &Model,
    policy: &Policy,
    seed: u64,
    days: u32,
) -> Outcome {
    let zone = jiff::tz::TimeZone::get(&policy.time_zone).expect("a zone");
    let clock = Arc::new(ManualClock::new(model.origin(&zone).expect("an origin")));
    let engine = Engine::start(
        store,
        clock.clone(),
        policy.clone(),
        EngineConfig::default(),
    );
    let outcome = redress_sim::run(
        &redress_sim::EngineDriver::new(engine.clone(), clock.clone()),
        model,
        seed,
        days,
        &mut Silent,
    )
    .await
    .unwrap_or_else(|e| panic!("seed {seed}: the simulation failed: {e}"));
    check_books(&engine, &outcome).await;
    engine.shutdown().await;
    outcome
}

/// The engine's books after a run: the daily rollups equal a recount of the event log, and
/// the platform's figures the simulation wrote (its merchants' sums) are the store's own.
async fn check_books(engine: &Engine<AnyStore>, outcome: &Outcome) {
    let seed = outcome.seed;
    let recount = redress_store::days::verify(engine.store(), &engine.zone())
        .await
        .expect("verify");
    assert!(
        recount.differences.is_empty(),
        "seed {seed}: {:?}",
        recount.differences
    );
    for (day, figures) in &outcome.platform_days {
        let stored = engine
            .store()
            .platform_days(*day, *day)
            .await
            .expect("the platform's day");
        assert_eq!(
            *figures, stored,
            "seed {seed}: the platform's figures of {day}"
        );
    }
}

async fn simulate(model: &Model, policy: &Policy, seed: u64, days: u32) -> Outcome {
    let directory = tempfile::tempdir().expect("a temporary directory");
    let store = SqliteStore::open(&directory.path().join("sim.db")).expect("open");
    simulate_on(AnyStore::Sqlite(store), model, policy, seed, days).await
}

/// Every deterministic output file of a run, report included.
fn files(outcome: &Outcome) -> BTreeMap<String, String> {
    let mut files = outputs::files(outcome, "small", "default");
    files.insert(
        "report.html".to_owned(),
        report::single(outcome, "small", "default"),
    );
    files
}

fn first_difference(a: &BTreeMap<String, String>, b: &BTreeMap<String, String>) -> Option<String> {
    for (name, content) in a {
        match b.get(name) {
            None => return Some(format!("{name} missing from the second run")),
            Some(other) if other != content => {
                let line = content
                    .lines()
                    .zip(other.lines())
                    .position(|(x, y)| x != y)
                    .unwrap_or(0);
                return Some(format!("{name} differs from line {}", line + 1));
            }
            Some(_) => {}
        }
    }
    (a.len() != b.len()).then(|| "different sets of files".to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_seed_gives_byte_identical_outputs() {
    let model = Model::small();
    let policy = Policy::default();
    let first = files(&simulate(&model, &policy, 42, DAYS).await);
    let second = files(&simulate(&model, &policy, 42, DAYS).await);
    assert_eq!(first_difference(&first, &second), None, "seed 42");
    // The run is not trivially empty: the comparison had something to compare.
    let tickets = first["tickets.csv"].lines().count() - 1;
    assert!(tickets > 20, "seed 42: only {tickets} tickets");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_seed_gives_other_outputs() {
    let model = Model::small();
    let policy = Policy::default();
    let a = files(&simulate(&model, &policy, 1, 5).await);
    let b = files(&simulate(&model, &policy, 2, 5).await);
    assert_ne!(a["tickets.csv"], b["tickets.csv"]);
    assert_ne!(a["platform_days.csv"], b["platform_days.csv"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outputs_agree_with_the_engines_daily_figures() {
    let model = Model::small();
    let outcome = simulate(&model, &Policy::default(), 7, 21).await;
    let mut orders = 0;
    let mut tickets = 0;
    let mut disputes = 0;
    let mut overdue = 0;
    for (_, figures) in &outcome.platform_days {
        orders += figures.orders_paid;
        tickets += figures.tickets_opened;
        disputes += figures.disputes();
        overdue += figures.overdue_approved;
    }
    let summary = outputs::Summary::of(&outcome);
    assert_eq!(
        orders as u64, summary.orders,
        "orders placed vs orders_paid"
    );
    assert_eq!(
        tickets as u64, summary.tickets,
        "tickets opened vs tickets_opened"
    );
    assert_eq!(
        disputes as u64, summary.disputes,
        "tickets disputed vs disputes"
    );
    assert_eq!(
        overdue as u64, summary.overdue_approved,
        "overdue approvals"
    );
    assert!(disputes > 0, "three weeks of the small market see disputes");
    assert!(!outcome.evaluations.is_empty(), "weekly evaluations ran");
    // Penalties feed back: the merchant aggregate holds what the outcome lists.
    assert_eq!(outcome.penalties.len() as u64, summary.penalties,);
}

#[test]
fn model_validation_names_the_bad_key() {
    let bad_share = "[buyers]\ntrusted_share = 1.5\n";
    let error = Model::parse(bad_share, "m.toml")
        .expect_err("1.5 is not a share")
        .to_string();
    assert!(error.contains("buyers.trusted_share"), "{error}");

    let bad_profile =
        "[[profiles]]\nname = \"x\"\nship_hours = { p10 = 5.0, p50 = 1.0, p90 = 9.0 }\n";
    let error = Model::parse(bad_profile, "m.toml")
        .expect_err("p10 > p50")
        .to_string();
    assert!(error.contains("profiles[0].ship_hours"), "{error}");

    let unknown = "[logistics]\ntransit_days = 3\n";
    let error = Model::parse(unknown, "m.toml")
        .expect_err("an unknown key")
        .to_string();
    assert!(error.contains("transit_days"), "{error}");

    // The complete default model reads back as itself.
    let text = Model::default().to_toml();
    assert_eq!(
        Model::parse(&text, "default").expect("valid"),
        Model::default()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compare_reports_both_policies_with_intervals() {
    let model = Model::small();
    let a = Policy::default();
    let defaults = Policy::default();
    let b = Policy {
        name: "no_fast_refund".to_owned(),
        fast_refund: redress_domain::policy::FastRefundPolicy {
            enabled: false,
            ..defaults.fast_refund.clone()
        },
        ..defaults
    };
    let seeds = [3, 4];
    let mut sa = Vec::new();
    let mut sb = Vec::new();
    let mut first = None;
    for seed in seeds {
        let oa = simulate(&model, &a, seed, 6).await;
        let ob = simulate(&model, &b, seed, 6).await;
        sa.push(outputs::Summary::of(&oa));
        sb.push(outputs::Summary::of(&ob));
        first.get_or_insert((oa, ob));
    }
    let rows = compare::compare(&sa, &sb);
    let (oa, ob) = first.expect("two seeds ran");
    let changes = redress_policy::diff(&redress_policy::to_toml(&a), &redress_policy::to_toml(&b));
    assert!(
        changes.iter().any(|c| c.starts_with("fast_refund.enabled")),
        "{changes:?}"
    );
    let html = report::what_if(
        ("default", &oa),
        ("no_fast_refund", &ob),
        &seeds,
        &rows,
        &changes,
        "small",
    );
    assert!(html.contains("default (A)") && html.contains("no_fast_refund (B)"));
    // The conclusion in words comes first, before the table of differences.
    let conclusion = html.find("id=conclusion").expect("a conclusion");
    assert!(conclusion < html.find("id=differences").expect("the differences"));
    assert!(
        html.contains("Over 2 seeds, B "),
        "a conclusion over the seeds"
    );
    // What B changes is listed; switching the fast refund off moves no penalty threshold.
    assert!(html.contains("<code>fast_refund.enabled: true → false</code>"));
    assert!(!html.contains("class=warning"), "no threshold moved");
    for r in &rows {
        assert!(
            r.interval_low <= r.difference_mean && r.difference_mean <= r.interval_high,
            "{r:?}"
        );
        let label = compare::label(&r.metric).expect("a display name");
        assert!(html.contains(label.name), "{} in the report", label.name);
        // The key is only an attribute, never text a reader sees.
        assert!(
            !html.contains(&format!("<td>{}</td>", r.metric)),
            "{}",
            r.metric
        );
        let marked = html.contains(&format!("data-metric=\"{}\" class=significant", r.metric));
        assert_eq!(marked, r.significant(seeds.len()), "{r:?}");
    }
    // Six days hold no weekly evaluation here, or one: the rate and penalty charts are drawn
    // only when an evaluation ran, and a note says why they are left out.
    let evaluated = !oa.evaluations.is_empty() || !ob.evaluations.is_empty();
    assert_eq!(
        html.contains("Dispute intervention rate at the last evaluation"),
        evaluated
    );
    assert_eq!(
        html.contains("No weekly evaluation fell within"),
        !evaluated
    );
    assert!(
        !html.contains(">platform_fast_refund<"),
        "approvals by display name"
    );
    assert!(html.contains(">Platform fast refund<"));
    // A B that lowers a penalty threshold: the warning stands before the figures.
    let moved = ["dispute_rate.standard.fixed: 0.5% → 0.3%".to_owned()];
    let html = report::what_if(
        ("default", &oa),
        ("strict", &ob),
        &seeds,
        &rows,
        &moved,
        "small",
    );
    let warning = html.find("class=warning").expect("a warning");
    assert!(warning < html.find("id=differences").expect("the differences"));
    assert!(html.contains(
        "B changes a threshold that decides penalties (dispute_rate.standard.fixed: 0.5% → 0.3%)"
    ));
    assert!(html.contains("<li class=threshold>"));
    // Without the platform fast refund, B approves none by it.
    assert_eq!(
        sb.iter()
            .map(|s| s
                .auto_approved
                .get("platform_fast_refund")
                .copied()
                .unwrap_or(0))
            .sum::<u64>(),
        0
    );
    assert!(
        sa.iter()
            .map(|s| s
                .auto_approved
                .get("platform_fast_refund")
                .copied()
                .unwrap_or(0))
            .sum::<u64>()
            > 0
    );
}

/// The same simulation on PostgreSQL writes the same bytes as on SQLite.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_gives_the_same_outputs_as_sqlite() {
    let Some(backend) = Backend::postgres() else {
        return;
    };
    let model = Model::small();
    let policy = Policy::default();
    // A schema of the test's own, dropped with `database`.
    let database = Database::create(&backend, "sim_test");
    let on_postgres = files(&simulate_on(database.open().await, &model, &policy, 5, 6).await);
    let on_sqlite = files(&simulate(&model, &policy, 5, 6).await);
    assert_eq!(first_difference(&on_sqlite, &on_postgres), None);
}

/// The example model files are the built-in models, so the docs cannot go stale.
#[test]
fn example_models_are_the_built_in_ones() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/simulator");
    let default = Model::load(&root.join("default.toml")).expect("default.toml is valid");
    assert_eq!(default, Model::default());
    let small = Model::load(&root.join("small.toml")).expect("small.toml is valid");
    assert_eq!(small, Model::small());
}
