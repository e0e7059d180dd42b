//! `redress evaluate --at DATE`: run the weekly evaluation of the period that is due now, and
//! print what it found. It follows the calendar as `POST /v1/evaluations` does (issue 16):
//! DATE must be the scheduled day of the period due, or the last period evaluated (safe to
//! run again: penalties already recorded are not recorded twice); another day is refused
//! with the next scheduled day, and nothing is recorded. There is no operator override: an
//! ad-hoc day would record a second penalty in one week and derail the calendar.

use jiff::civil::Date;
use redress_domain::evaluation::{Measure, Penalty};
use redress_domain::metrics::Window;
use redress_engine::{Engine, EngineConfig, EvaluationNotRun, SystemClock};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

pub fn run(database: &str, at: Date, policy: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let policy = crate::metrics_cmd::load_policy(policy)?;
    let policy_days = policy.dispute_rate.window_days;
    let window = Window::of_evaluation(at, policy_days);
    let report = crate::runtime()?.block_on(async {
        let store = crate::metrics_cmd::open(database).await?;
        let engine = Engine::start(
            store,
            Arc::new(SystemClock),
            policy,
            EngineConfig::default(),
        );
        let report = engine.evaluate_scheduled(at).await;
        engine.shutdown().await;
        anyhow::Ok(report)
    })?;
    let report = match report {
        Ok(report) => report,
        Err(EvaluationNotRun::Engine(error)) => return Err(error.into()),
        Err(refused @ EvaluationNotRun::NotDue { .. }) => {
            let next = match &refused {
                EvaluationNotRun::NotDue {
                    next: Some((day, at)),
                    ..
                } => format!("; the next scheduled evaluation is of {day}, due at {at}"),
                _ => String::new(),
            };
            eprintln!("redress evaluate: {refused}{next}; nothing was recorded");
            return Ok(ExitCode::FAILURE);
        }
    };
    println!(
        "evaluation of {at} (window: {} to {}, the {} days before): merchants with figures: {}, \
         penalties recorded: {}, recorded by an earlier run: {}",
        window.from,
        window.to,
        policy_days,
        report.merchants,
        report.recorded.len(),
        report.already_recorded
    );
    if !report.recorded.is_empty() {
        println!(
            "{:<16} {:<13} {:<19} {:>22}  measures",
            "merchant", "standard", "severity", "rate"
        );
        for (merchant, penalty) in &report.recorded {
            println!("{}", row(merchant.as_str(), penalty));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn row(merchant: &str, p: &Penalty) -> String {
    let rate = &p.evidence.rate;
    let shown = rate.ppm().map_or("no data".to_owned(), |ppm| {
        format!(
            "{}/{} = {}.{:02}%",
            rate.numerator,
            rate.denominator,
            ppm / 10_000,
            ppm % 10_000 / 100
        )
    });
    let measures: Vec<String> = p.measures.iter().map(measure).collect();
    format!(
        "{merchant:<16} {:<13} {:<19} {shown:>22}  {}",
        p.kind.as_str(),
        p.severity.as_str(),
        measures.join(", ")
    )
}

fn measure(m: &Measure) -> String {
    match m {
        Measure::Warning => "warning".to_owned(),
        Measure::MandatoryExam => "mandatory exam".to_owned(),
        Measure::MandatoryStudy => "mandatory study".to_owned(),
        Measure::Delisting { days } => format!("delisted {days} d"),
        Measure::Fine { amount } => format!("fine {amount}"),
        Measure::PointsDeducted { points } => format!("-{points} points"),
        Measure::PlatformSettlesReturnShipping => "platform settles return shipping".to_owned(),
        Measure::CartSuspended => "cart suspended".to_owned(),
        Measure::RefundHandlingClosed => "refund handling closed".to_owned(),
        Measure::Termination => "removed from the platform (termination)".to_owned(),
    }
}
