//! The merchant aggregate (fast refund, versioned strategies, refund handling, platform
//! exclusion) and the buyer aggregate (trust inputs).

use super::support::*;
use crate::buyer::{self, BuyerChange, BuyerCommand, BuyerProfile, TrustInputs};
use crate::merchant::{
    self, Condition, Merchant, MerchantChange, MerchantCommand, STRATEGIES_MAX, StrategyAction,
};
use crate::{Rejection, Role, StrategyId};
use Who::*;

fn sid(raw: &str) -> StrategyId {
    StrategyId::parse(raw).expect("a valid strategy id")
}

fn put(id: &str, name: &str) -> MerchantCommand {
    MerchantCommand::PutStrategy {
        id: sid(id),
        name: name.to_owned(),
        condition: Condition::default(),
        action: StrategyAction::Approve,
    }
}

/// Decide and apply one merchant command on shop m1.
fn run(
    state: Option<Merchant>,
    who: Who,
    command: &MerchantCommand,
) -> Result<(Merchant, MerchantChange), Rejection> {
    let id = mid(MERCHANT);
    let events = merchant::decide(
        &id,
        state.as_ref(),
        command,
        &who.actor(),
        t0(),
        shanghai_day(t0()),
    )?;
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].at, &events[0].actor), (t0(), &who.actor()));
    let change = events[0].change.clone();
    Ok((merchant::apply(&id, state, &events[0]), change))
}

#[track_caller]
fn must(state: Option<Merchant>, who: Who, command: &MerchantCommand) -> Merchant {
    match run(state, who, command) {
        Ok((merchant, _)) => merchant,
        Err(r) => panic!("refused: {}", r.code()),
    }
}

#[test]
fn merchant_commands_from_a_fresh_shop() {
    // (who, command, the change or the refusal code)
    let cases: Vec<(Who, MerchantCommand, Result<&str, &str>)> = vec![
        (
            Merchant,
            MerchantCommand::SetFastRefund { opted_in: true },
            Ok("fast refund set"),
        ),
        (
            Operator,
            MerchantCommand::SetFastRefund { opted_in: true },
            Ok("fast refund set"),
        ),
        (
            Merchant,
            MerchantCommand::SetFastRefund { opted_in: false },
            Err("no_change"),
        ),
        (
            OtherMerchant,
            MerchantCommand::SetFastRefund { opted_in: true },
            Err("wrong_actor"),
        ),
        (
            Buyer,
            MerchantCommand::SetFastRefund { opted_in: true },
            Err("wrong_actor"),
        ),
        (
            System,
            MerchantCommand::SetFastRefund { opted_in: true },
            Err("wrong_actor"),
        ),
        (Merchant, put("s1", "returns"), Ok("strategy put")),
        (Operator, put("s1", "returns"), Ok("strategy put")),
        (OtherMerchant, put("s1", "returns"), Err("wrong_actor")),
        (Arbitrator, put("s1", "returns"), Err("wrong_actor")),
        (Merchant, put("s1", "  "), Err("text_invalid")),
        (Merchant, put("s1", &"n".repeat(101)), Err("text_invalid")),
        (
            Merchant,
            MerchantCommand::PutStrategy {
                id: sid("s1"),
                name: "free".to_owned(),
                condition: Condition {
                    amount_max_minor: Some(0),
                    ..Condition::default()
                },
                action: StrategyAction::Approve,
            },
            Err("amount_not_positive"),
        ),
        (
            Merchant,
            MerchantCommand::DisableStrategy { id: sid("s1") },
            Err("strategy_unknown"),
        ),
        (
            Operator,
            MerchantCommand::CloseRefundHandling {
                reason: "high risk".to_owned(),
            },
            Ok("refund handling closed"),
        ),
        (
            System,
            MerchantCommand::CloseRefundHandling {
                reason: "high risk".to_owned(),
            },
            Ok("refund handling closed"),
        ),
        (
            Merchant,
            MerchantCommand::CloseRefundHandling {
                reason: "high risk".to_owned(),
            },
            Err("wrong_actor"),
        ),
        (
            Operator,
            MerchantCommand::CloseRefundHandling {
                reason: " ".to_owned(),
            },
            Err("text_invalid"),
        ),
        (
            Operator,
            MerchantCommand::RestoreRefundHandling,
            Err("no_change"),
        ),
        (
            Merchant,
            MerchantCommand::RestoreRefundHandling,
            Err("wrong_actor"),
        ),
        (
            Operator,
            MerchantCommand::SetPlatformFastRefundExclusion { excluded: true },
            Ok("exclusion set"),
        ),
        (
            Operator,
            MerchantCommand::SetPlatformFastRefundExclusion { excluded: false },
            Err("no_change"),
        ),
        (
            Merchant,
            MerchantCommand::SetPlatformFastRefundExclusion { excluded: true },
            Err("wrong_actor"),
        ),
        (
            Merchant,
            MerchantCommand::SetReturnAddress {
                address: "上海".to_owned(),
            },
            Ok("return address set"),
        ),
        (
            Merchant,
            MerchantCommand::SetReturnAddress {
                address: String::new(),
            },
            Err("no_change"),
        ),
        (
            Buyer,
            MerchantCommand::SetReturnAddress {
                address: "上海".to_owned(),
            },
            Err("wrong_actor"),
        ),
        (Merchant, name("衣橱小铺"), Ok("named")),
        (Operator, name("衣橱小铺"), Ok("named")),
        (Integration, name("衣橱小铺"), Ok("named")),
        (System, name("衣橱小铺"), Err("wrong_actor")),
        (Buyer, name("衣橱小铺"), Err("wrong_actor")),
        (Merchant, name("  "), Err("text_invalid")),
        (Merchant, name("衣橱\n小铺"), Err("text_invalid")),
        (Merchant, name("衣橱\u{7}小铺"), Err("text_invalid")),
        (Merchant, name(&"铺".repeat(61)), Err("text_invalid")),
    ];
    let total = cases.len();
    let failures = cases
        .into_iter()
        .filter_map(|(who, command, expected)| {
            let got = run(None, who, &command)
                .map(|(_, change)| match change {
                    MerchantChange::FastRefundSet { .. } => "fast refund set",
                    MerchantChange::ReturnAddressSet { .. } => "return address set",
                    MerchantChange::Named { .. } => "named",
                    MerchantChange::StrategyPut(_) => "strategy put",
                    MerchantChange::StrategyDisabled { .. } => "strategy disabled",
                    MerchantChange::RefundHandlingClosed { .. } => "refund handling closed",
                    MerchantChange::RefundHandlingRestored => "refund handling restored",
                    MerchantChange::PlatformFastRefundExclusionSet { .. } => "exclusion set",
                    MerchantChange::Penalised(_) => "penalised",
                    MerchantChange::PenaltyAppealed { .. } => "penalty appealed",
                    MerchantChange::PenaltyRevoked { .. } => "penalty revoked",
                })
                .map_err(|r| r.code());
            (got != expected)
                .then(|| format!("{who:?} {command:?}: {got:?}, expected {expected:?}"))
        })
        .collect();
    assert_no_failures(total, failures);
}

fn name(name: &str) -> MerchantCommand {
    MerchantCommand::SetName {
        name: name.to_owned(),
    }
}

#[test]
fn a_shop_is_named_trimmed_and_naming_it_again_alike_changes_nothing() {
    let (shop, change) = run(None, Merchant, &name("  衣橱小铺 ")).expect("named");
    assert_eq!(
        change,
        MerchantChange::Named {
            name: "衣橱小铺".to_owned()
        }
    );
    assert_eq!(shop.name.as_deref(), Some("衣橱小铺"));
    let longest = "铺".repeat(merchant::SHOP_NAME_CHARS_MAX);
    let err = run(Some(shop.clone()), Merchant, &name("衣橱小铺")).expect_err("same name");
    assert_eq!(err.code(), "no_change");
    let (shop, _) = run(Some(shop), Operator, &name(&longest)).expect("renamed");
    assert_eq!(shop.name.as_deref(), Some(longest.as_str()));
    match run(Some(shop), Merchant, &name("a\tb")).expect_err("a tab") {
        Rejection::TextInvalid { field, .. } => assert_eq!(field, "name"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn strategies_are_versioned() {
    let shop = must(None, Merchant, &put("s1", "  seven-day returns "));
    let first = shop.strategies[&sid("s1")].clone();
    assert_eq!(
        (first.version, first.name.as_str(), first.enabled),
        (1, "seven-day returns", true)
    );
    assert_eq!(shop.version, 1);

    let shop = must(Some(shop), Merchant, &put("s1", "quality returns"));
    let second = &shop.strategies[&sid("s1")];
    assert_eq!(
        (second.version, second.name.as_str()),
        (2, "quality returns")
    );
    assert_eq!(shop.strategies.len(), 1);

    let (shop, change) = run(
        Some(shop),
        Merchant,
        &MerchantCommand::DisableStrategy { id: sid("s1") },
    )
    .expect("disabled");
    assert_eq!(
        change,
        MerchantChange::StrategyDisabled {
            id: sid("s1"),
            version: 2
        }
    );
    assert!(!shop.strategies[&sid("s1")].enabled);
    let refused = run(
        Some(shop.clone()),
        Merchant,
        &MerchantCommand::DisableStrategy { id: sid("s1") },
    )
    .unwrap_err();
    assert_eq!(refused, Rejection::NoChange);

    // Putting it again re-enables it as a new version.
    let shop = must(Some(shop), Merchant, &put("s1", "quality returns"));
    let third = &shop.strategies[&sid("s1")];
    assert_eq!((third.version, third.enabled), (3, true));
    assert_eq!(shop.version, 4);
}

#[test]
fn at_most_fifty_strategies() {
    let mut shop = None;
    for n in 0..STRATEGIES_MAX {
        shop = Some(must(shop, Merchant, &put(&format!("s{n}"), "rule")));
    }
    let refused = run(shop.clone(), Merchant, &put("one-more", "rule")).unwrap_err();
    assert_eq!(
        refused,
        Rejection::LimitExceeded {
            field: "strategies",
            max: 50
        }
    );
    // A new version of an existing one is still fine.
    must(shop, Merchant, &put("s0", "rule v2"));
}

#[test]
fn refund_handling_closes_and_restores() {
    let shop = must(
        None,
        Operator,
        &MerchantCommand::CloseRefundHandling {
            reason: " mass overdue ".to_owned(),
        },
    );
    assert_eq!(shop.refund_handling_closed.as_deref(), Some("mass overdue"));
    let refused = run(
        Some(shop.clone()),
        Operator,
        &MerchantCommand::CloseRefundHandling {
            reason: "again".to_owned(),
        },
    )
    .unwrap_err();
    assert_eq!(refused.code(), "no_change");
    let shop = must(
        Some(shop),
        Operator,
        &MerchantCommand::RestoreRefundHandling,
    );
    assert_eq!(shop.refund_handling_closed, None);
    assert_eq!(shop.version, 2);

    let refused = run(
        None,
        Merchant,
        &MerchantCommand::CloseRefundHandling {
            reason: "x".to_owned(),
        },
    )
    .unwrap_err();
    assert_eq!(
        refused,
        Rejection::WrongActor {
            action: "close refund handling",
            needs: &[Role::Operator, Role::System]
        }
    );
}

#[test]
fn fast_refund_and_exclusion_toggle() {
    let shop = must(
        None,
        Merchant,
        &MerchantCommand::SetFastRefund { opted_in: true },
    );
    assert!(shop.fast_refund_opted_in);
    let shop = must(
        Some(shop),
        Merchant,
        &MerchantCommand::SetFastRefund { opted_in: false },
    );
    assert!(!shop.fast_refund_opted_in);
    let shop = must(
        Some(shop),
        Operator,
        &MerchantCommand::SetPlatformFastRefundExclusion { excluded: true },
    );
    assert!(shop.platform_fast_refund_excluded);
    assert_eq!(shop.version, 3);
}

fn inputs() -> TrustInputs {
    TrustInputs {
        account_created_at: minus(t0(), days(400)),
        completed_orders: 12,
        orders_90d: 10,
        refunds_90d: 2,
        abuse_restricted: false,
    }
}

fn run_buyer(
    state: Option<BuyerProfile>,
    who: Who,
    inputs: TrustInputs,
) -> Result<BuyerProfile, Rejection> {
    let command = BuyerCommand::UpdateTrust(inputs.clone());
    let events = buyer::decide(state.as_ref(), &command, &who.actor(), t0())?;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].change, BuyerChange::TrustUpdated(inputs));
    Ok(buyer::apply(&bid(BUYER), state, &events[0]))
}

#[test]
fn buyer_trust_inputs() {
    let profile = run_buyer(None, Integration, inputs()).expect("accepted");
    assert_eq!(profile.id, bid(BUYER));
    assert_eq!(
        (
            profile.version,
            profile.completed_orders,
            profile.refunds_90d
        ),
        (1, 12, 2)
    );
    assert!(buyer::is_trusted(
        &profile,
        &crate::Policy::default().trust,
        t0()
    ));

    let refused = run_buyer(Some(profile.clone()), Integration, inputs()).unwrap_err();
    assert_eq!(refused, Rejection::NoChange);

    let restricted = TrustInputs {
        abuse_restricted: true,
        ..inputs()
    };
    let profile = run_buyer(Some(profile), Operator, restricted).expect("accepted");
    assert_eq!(profile.version, 2);
    assert!(profile.abuse_restricted);
    assert!(!buyer::is_trusted(
        &profile,
        &crate::Policy::default().trust,
        t0()
    ));

    let impossible = TrustInputs {
        orders_90d: 2,
        refunds_90d: 3,
        ..inputs()
    };
    let refused = run_buyer(None, Integration, impossible).unwrap_err();
    assert_eq!(refused.code(), "text_invalid");

    for who in [Buyer, OtherBuyer, Merchant, Arbitrator, System] {
        let refused = run_buyer(None, who, inputs()).unwrap_err();
        assert_eq!(
            refused,
            Rejection::WrongActor {
                action: "update buyer trust",
                needs: &[Role::Integration, Role::Operator]
            },
            "{who:?}"
        );
    }
}
