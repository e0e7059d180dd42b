//! Tests of the stored event format: every change survives the round trip, a handful of
//! payloads are pinned character for character (the format is an API: a renamed field must
//! break a test, not old rows), and corrupt rows give errors that say what is wrong.

use proptest::prelude::*;
use proptest::sample::select;
use redress_domain::buyer::{BuyerChange, TrustInputs};
use redress_domain::creator::CreatorChange;
use redress_domain::dispute::{Opener, Responsibility, VerdictOutcome};
use redress_domain::evaluation::{Evidence as PenaltyEvidence, Penalty, Severity, ViolationKind};
use redress_domain::evidence::{Evidence, EvidenceKind, Side};
use redress_domain::merchant::{self, Condition, MerchantChange, StrategyAction};
use redress_domain::metrics::report::Ratio;
use redress_domain::shipping::ReturnShippingPayer;
use redress_domain::{
    AMOUNT_MINOR_MAX, Actor, Approval, BuyerId, Course, CreatorId, Currency, EventLine,
    FulfilmentStage, IdError, ItemFlags, ItemId, LineRequest, MerchantId, Money, NewOrder, Next,
    OrderChange, OrderId, OrderItem, ParcelId, ParcelUpdate, ProductId, Reason, RejectGround,
    Remedy, Rule, SignedDuration, Signer, StaffId, StrategyId, TicketChange, TicketId, TicketKind,
    Timestamp,
};
use serde::Serialize;
use serde_json::{Value, json};

use super::{
    COURSES, CodecError, EncodedChange, OPENERS, ParcelUpdateDto, REJECT_GROUNDS, RemedyDto,
    RuleDto, SIDES, SIGNERS, STRATEGY_ACTIONS, VerdictOutcomeDto, decode_actor,
    decode_buyer_change, decode_creator_change, decode_merchant_change, decode_order_change,
    decode_policy_change, decode_timestamp, encode_actor, encode_buyer_change,
    encode_creator_change, encode_merchant_change, encode_order_change, encode_policy_change,
    encode_timestamp,
};

// ---------------------------------------------------------------------------------------------
// Round trips over arbitrary domain values.

/// Any id the store may hold: those of earlier releases too, which could be `.`, `..` or
/// start with a dash, so the round trip goes through the stored rule.
fn arb_id<Id: std::fmt::Debug>(
    parse: fn(&str) -> Result<Id, IdError>,
) -> impl Strategy<Value = Id> {
    "[A-Za-z0-9_.:-]{1,64}".prop_map(move |raw| parse(&raw).expect("the pattern makes valid ids"))
}

/// Any text, control characters and quotes included: free text is stored as the user typed it.
fn arb_text() -> impl Strategy<Value = String> {
    any::<String>()
}

fn arb_money() -> impl Strategy<Value = Money> {
    (0..=AMOUNT_MINOR_MAX, "[A-Z]{3}").prop_map(|(minor, code)| {
        Money::new(minor, Currency::parse(&code).expect("three capitals")).expect("in range")
    })
}

/// 2020 to 2040, to the nanosecond: RFC 3339 must carry every digit of the fraction.
fn arb_timestamp() -> impl Strategy<Value = Timestamp> {
    const Y2020_SECONDS: i64 = 1_577_836_800;
    const Y2040_SECONDS: i64 = 2_208_988_800;
    (Y2020_SECONDS..Y2040_SECONDS, 0..1_000_000_000i32)
        .prop_map(|(seconds, nanos)| Timestamp::new(seconds, nanos).expect("in jiff's range"))
}

fn arb_duration() -> impl Strategy<Value = SignedDuration> {
    (any::<i64>(), -999_999_999..=999_999_999i32)
        .prop_map(|(seconds, nanos)| SignedDuration::new(seconds, nanos))
}

fn arb_evidence() -> impl Strategy<Value = Evidence> {
    (select(EvidenceKind::ALL.to_vec()), arb_text(), arb_text()).prop_map(
        |(kind, reference, note)| Evidence {
            kind,
            reference,
            note,
        },
    )
}

fn arb_evidence_list() -> impl Strategy<Value = Vec<Evidence>> {
    prop::collection::vec(arb_evidence(), 0..3)
}

/// Lines as events name them: since issue 18 with units and shares, before it the id alone.
fn arb_items() -> impl Strategy<Value = Vec<EventLine>> {
    let line = (arb_id(ItemId::parse_stored), 1..=u32::MAX, arb_money()).prop_map(
        |(item, quantity, amount)| EventLine {
            item,
            quantity: Some(quantity),
            amount: Some(amount),
        },
    );
    prop::collection::vec(
        prop_oneof![
            arb_id(ItemId::parse_stored).prop_map(EventLine::legacy),
            line
        ],
        0..3,
    )
}

fn arb_kind() -> impl Strategy<Value = TicketKind> {
    select(TicketKind::ALL.to_vec())
}

fn arb_reason() -> impl Strategy<Value = Reason> {
    select(Reason::ALL.to_vec())
}

fn arb_responsibility() -> impl Strategy<Value = Responsibility> {
    select(Responsibility::ALL.to_vec())
}

fn arb_rule() -> impl Strategy<Value = Rule> {
    prop_oneof![
        Just(Rule::RefundHandlingClosed),
        Just(Rule::PlatformSettlesReturnShipping),
        Just(Rule::PlatformFastRefund),
        Just(Rule::MerchantFastRefund),
        (arb_id(StrategyId::parse_stored), any::<u32>(), arb_text())
            .prop_map(|(id, version, name)| Rule::Strategy { id, version, name }),
    ]
}

fn arb_approval() -> impl Strategy<Value = Approval> {
    prop_oneof![
        Just(Approval::Merchant),
        Just(Approval::Overdue),
        (
            arb_rule(),
            proptest::option::of(arb_text()),
            select(STRATEGY_ACTIONS.to_vec())
        )
            .prop_map(|(rule, note, action)| Approval::Automatic { rule, note, action }),
    ]
}

fn arb_next() -> impl Strategy<Value = Next> {
    prop_oneof![
        arb_money().prop_map(|amount| Next::Refunding { amount }),
        arb_timestamp().prop_map(|due_at| Next::AwaitingReturn { due_at }),
        arb_timestamp().prop_map(|due_at| Next::AwaitingMerchantShipment { due_at }),
    ]
}

fn arb_remedy() -> impl Strategy<Value = Remedy> {
    prop_oneof![
        Just(Remedy::Exchange),
        Just(Remedy::Repair),
        Just(Remedy::Reship),
        arb_money().prop_map(|amount| Remedy::PartialCompensation { amount }),
    ]
}

fn arb_outcome() -> impl Strategy<Value = VerdictOutcome> {
    prop_oneof![
        Just(VerdictOutcome::FullRefund),
        arb_money().prop_map(|amount| VerdictOutcome::PartialRefund { amount }),
        Just(VerdictOutcome::NoRefund),
    ]
}

fn arb_parcel_update() -> impl Strategy<Value = ParcelUpdate> {
    prop_oneof![
        arb_text().prop_map(|tracking| ParcelUpdate::TrackingEntered {
            tracking,
            items: Vec::new()
        }),
        (arb_text(), arb_id(ItemId::parse_stored), 1..5u32).prop_map(|(tracking, item, n)| {
            ParcelUpdate::TrackingEntered {
                tracking,
                items: vec![LineRequest::units(item, n)],
            }
        }),
        Just(ParcelUpdate::InTransit),
        select(SIGNERS.to_vec()).prop_map(|signer| ParcelUpdate::Delivered { signer }),
        Just(ParcelUpdate::Refused),
        Just(ParcelUpdate::ReturnedToSender),
        Just(ParcelUpdate::Intercepted),
    ]
}

fn arb_new_order() -> impl Strategy<Value = NewOrder> {
    let item = (
        arb_id(ItemId::parse_stored),
        arb_id(ProductId::parse_stored),
        arb_text(),
        any::<u32>(),
        arb_money(),
        any::<(bool, bool, bool)>(),
    )
        .prop_map(
            |(
                id,
                product,
                category,
                quantity,
                amount,
                (seven_day_return, custom, virtual_goods),
            )| {
                OrderItem {
                    id,
                    product,
                    category,
                    quantity,
                    amount,
                    flags: ItemFlags {
                        seven_day_return,
                        custom,
                        virtual_goods,
                    },
                }
            },
        );
    (
        arb_id(OrderId::parse_stored),
        arb_id(MerchantId::parse_stored),
        arb_id(BuyerId::parse_stored),
        prop::collection::vec(item, 0..3),
        arb_money(),
        arb_timestamp(),
    )
        .prop_map(|(id, merchant, buyer, items, paid, paid_at)| NewOrder {
            id,
            merchant,
            buyer,
            items,
            paid,
            paid_at,
            creator: None,
            shipping_fee: Money::zero(paid.currency()),
            freight_insurance: false,
        })
}

/// One strategy per variant, so every case exercises every variant (a `prop_oneof!` would
/// leave some out of a run by chance).
fn every_ticket_change() -> Vec<BoxedStrategy<TicketChange>> {
    use TicketChange as C;
    vec![
        (
            arb_kind(),
            arb_reason(),
            arb_money(),
            arb_items(),
            arb_text(),
            arb_evidence_list(),
            any::<bool>(),
            arb_timestamp(),
        )
            .prop_map(
                |(
                    kind,
                    reason,
                    amount,
                    items,
                    description,
                    evidence,
                    opened_while_unshipped,
                    due_at,
                )| C::Opened {
                    kind,
                    reason,
                    amount,
                    items,
                    description,
                    evidence,
                    opened_while_unshipped,
                    due_at,
                    shipping_fee: fee_within(amount),
                    return_shipping: payer_of(amount),
                },
            )
            .boxed(),
        (arb_approval(), arb_next())
            .prop_map(|(approval, next)| C::Approved { approval, next })
            .boxed(),
        arb_timestamp()
            .prop_map(|due_at| C::ApprovedAfterRefusal { due_at })
            .boxed(),
        arb_money()
            .prop_map(|amount| C::RefusalConfirmed { amount })
            .boxed(),
        arb_timestamp()
            .prop_map(|due_at| C::RefusalFailed { due_at })
            .boxed(),
        (
            select(REJECT_GROUNDS.to_vec()),
            arb_text(),
            arb_evidence_list(),
            any::<bool>(),
            arb_timestamp(),
        )
            .prop_map(
                |(ground, reason, evidence, not_received_after_signature, due_at)| C::Rejected {
                    ground,
                    reason,
                    evidence,
                    not_received_after_signature,
                    due_at,
                },
            )
            .boxed(),
        (arb_remedy(), arb_text())
            .prop_map(|(remedy, note)| C::RemedyProposed { remedy, note })
            .boxed(),
        (select(COURSES.to_vec()), arb_next())
            .prop_map(|(course, next)| C::RemedyAccepted { course, next })
            .boxed(),
        Just(C::RemedyDeclined).boxed(),
        (
            arb_kind(),
            arb_reason(),
            arb_money(),
            arb_items(),
            arb_text(),
            arb_evidence_list(),
            arb_timestamp(),
        )
            .prop_map(
                |(kind, reason, amount, items, description, evidence, due_at)| C::Edited {
                    shipping_fee: fee_within(amount),
                    return_shipping: payer_of(amount),
                    kind,
                    reason,
                    amount,
                    items,
                    description,
                    evidence,
                    due_at,
                },
            )
            .boxed(),
        Just(C::Cancelled).boxed(),
        (arb_text(), arb_timestamp())
            .prop_map(|(tracking, due_at)| C::ReturnShipped { tracking, due_at })
            .boxed(),
        Just(C::ReturnInTransit).boxed(),
        arb_timestamp()
            .prop_map(|due_at| C::ReturnSigned { due_at })
            .boxed(),
        (arb_approval(), arb_next())
            .prop_map(|(approval, next)| C::ReturnAccepted { approval, next })
            .boxed(),
        Just(C::ReturnWindowLapsed).boxed(),
        (arb_text(), arb_timestamp())
            .prop_map(|(tracking, due_at)| C::ReplacementShipped { tracking, due_at })
            .boxed(),
        Just(C::ReplacementDelivered).boxed(),
        Just(C::ShippedWhilePending).boxed(),
        (
            select(OPENERS.to_vec()),
            any::<bool>(),
            arb_text(),
            arb_evidence_list(),
            proptest::option::of(arb_duration()),
            arb_timestamp(),
        )
            .prop_map(
                |(opener, first, note, evidence, time_left, due_at)| C::DisputeOpened {
                    opener,
                    first,
                    note,
                    evidence,
                    time_left,
                    due_at,
                },
            )
            .boxed(),
        (select(SIDES.to_vec()), arb_evidence())
            .prop_map(|(side, evidence)| C::EvidenceAdded { side, evidence })
            .boxed(),
        Just(C::EvidenceWindowClosed).boxed(),
        arb_text()
            .prop_map(|text| C::MessagePosted { text })
            .boxed(),
        arb_text()
            .prop_map(|address| C::ReturnAddressSet { address })
            .boxed(),
        arb_money()
            .prop_map(|amount| C::DisputeSettled { amount })
            .boxed(),
        arb_timestamp()
            .prop_map(|due_at| C::DisputeCancelled { due_at })
            .boxed(),
        (
            arb_responsibility(),
            arb_outcome(),
            arb_text(),
            proptest::option::of(arb_money()),
            any::<bool>(),
        )
            .prop_map(
                |(responsibility, outcome, reasoning, refund, early)| C::VerdictGiven {
                    responsibility,
                    outcome,
                    reasoning,
                    refund,
                    early,
                },
            )
            .boxed(),
        arb_responsibility()
            .prop_map(|responsibility| C::Rechecked { responsibility })
            .boxed(),
        Just(C::EscalationLapsed).boxed(),
        (arb_money(), arb_text())
            .prop_map(|(amount, payment_reference)| C::RefundSucceeded {
                amount,
                payment_reference,
            })
            .boxed(),
        (
            arb_text(),
            any::<u32>(),
            proptest::option::of(arb_timestamp()),
        )
            .prop_map(|(reason, attempt, retry_at)| C::RefundFailed {
                reason,
                attempt,
                retry_at,
            })
            .boxed(),
        any::<u32>()
            .prop_map(|attempt| C::RefundRetried { attempt })
            .boxed(),
        any::<u64>()
            .prop_map(|version| C::PolicyApplied { version })
            .boxed(),
    ]
}

fn every_order_change() -> impl Strategy<Value = Vec<OrderChange>> {
    (
        arb_new_order(),
        arb_parcel_update(),
        arb_id(ParcelId::parse_stored),
        arb_id(TicketId::parse_stored),
        every_ticket_change(),
    )
        .prop_map(|(order, update, parcel, ticket, changes)| {
            let mut all = vec![
                OrderChange::Placed(order),
                OrderChange::ParcelUpdated { parcel, update },
            ];
            all.extend(changes.into_iter().map(|change| OrderChange::Ticket {
                ticket: ticket.clone(),
                change,
            }));
            all
        })
}

fn arb_strategy() -> impl Strategy<Value = merchant::Strategy> {
    let condition = (
        prop::collection::vec(arb_kind(), 0..3),
        prop::collection::vec(arb_reason(), 0..3),
        proptest::option::of(any::<i64>()),
        prop::collection::vec(arb_text(), 0..3),
        any::<bool>(),
        prop::collection::vec(select(FulfilmentStage::ALL.to_vec()), 0..3),
    )
        .prop_map(
            |(kinds, reasons, amount_max_minor, categories, trusted_buyer_only, stages)| {
                Condition {
                    kinds,
                    reasons,
                    amount_max_minor,
                    categories,
                    trusted_buyer_only,
                    stages,
                }
            },
        );
    (
        arb_id(StrategyId::parse_stored),
        arb_text(),
        any::<u32>(),
        condition,
        select(STRATEGY_ACTIONS.to_vec()),
        any::<bool>(),
    )
        .prop_map(
            |(id, name, version, condition, action, enabled)| merchant::Strategy {
                id,
                name,
                version,
                condition,
                action,
                enabled,
            },
        )
}

fn every_merchant_change() -> Vec<BoxedStrategy<MerchantChange>> {
    use MerchantChange as C;
    vec![
        any::<bool>()
            .prop_map(|opted_in| C::FastRefundSet { opted_in })
            .boxed(),
        proptest::option::of(arb_text())
            .prop_map(|address| C::ReturnAddressSet { address })
            .boxed(),
        arb_text().prop_map(|name| C::Named { name }).boxed(),
        arb_strategy().prop_map(C::StrategyPut).boxed(),
        (arb_id(StrategyId::parse_stored), any::<u32>())
            .prop_map(|(id, version)| C::StrategyDisabled { id, version })
            .boxed(),
        arb_text()
            .prop_map(|reason| C::RefundHandlingClosed { reason })
            .boxed(),
        Just(C::RefundHandlingRestored).boxed(),
        any::<bool>()
            .prop_map(|excluded| C::PlatformFastRefundExclusionSet { excluded })
            .boxed(),
        arb_penalty().prop_map(C::Penalised).boxed(),
        (arb_penalty_id(), arb_text())
            .prop_map(|(id, statement)| C::PenaltyAppealed { id, statement })
            .boxed(),
        (arb_penalty_id(), arb_text())
            .prop_map(|(id, reason)| C::PenaltyRevoked { id, reason })
            .boxed(),
    ]
}

fn arb_penalty_id() -> impl Strategy<Value = redress_domain::PenaltyId> {
    (
        (0i16..=3000, 1i8..=12, 1i8..=28),
        prop::sample::select(vec![
            ViolationKind::DisputeRate,
            ViolationKind::MassOverdue,
            ViolationKind::OperatorDecision,
        ]),
        1u32..4,
    )
        .prop_map(|((y, m, d), kind, number)| {
            redress_domain::PenaltyId::numbered(jiff::civil::date(y, m, d), kind, number)
        })
}

fn arb_penalty() -> impl Strategy<Value = Penalty> {
    use redress_domain::evaluation::{Measure as M, PenaltyStatus as S};
    let measure = prop_oneof![
        Just(M::Warning),
        Just(M::MandatoryExam),
        Just(M::MandatoryStudy),
        any::<u32>().prop_map(|days| M::Delisting { days }),
        (0i64..1_000_000_000).prop_map(|minor| M::Fine {
            amount: Money::new(minor, Currency::CNY).unwrap()
        }),
        any::<u32>().prop_map(|points| M::PointsDeducted { points }),
        Just(M::PlatformSettlesReturnShipping),
        Just(M::CartSuspended),
        Just(M::RefundHandlingClosed),
        Just(M::Termination),
    ];
    let ratio = (any::<i64>(), any::<i64>()).prop_map(|(numerator, denominator)| Ratio {
        numerator,
        denominator,
    });
    let status = prop_oneof![
        Just(S::Active),
        arb_text().prop_map(|statement| S::Appealed { statement }),
        arb_text().prop_map(|reason| S::Revoked { reason }),
    ];
    (
        (0i16..=3000, 1i8..=12, 1i8..=28),
        prop::sample::select(vec![
            ViolationKind::DisputeRate,
            ViolationKind::MassOverdue,
            ViolationKind::OperatorDecision,
        ]),
        prop::sample::select(vec![
            Severity::Slight,
            Severity::Serious,
            Severity::EspeciallySerious,
        ]),
        prop::collection::vec(measure, 0..5),
        (
            ratio.clone(),
            prop::option::of(ratio),
            any::<i64>(),
            any::<u32>(),
            prop::option::of(arb_text()),
        ),
        status,
        1u32..4,
        any::<u64>(),
    )
        .prop_map(
            |(
                (y, m, d),
                kind,
                severity,
                measures,
                (rate, platform, threshold_ppm, earlier, reason),
                status,
                number,
                policy_version,
            )| {
                let evaluated_on = jiff::civil::date(y, m, d);
                Penalty {
                    id: redress_domain::PenaltyId::numbered(evaluated_on, kind, number),
                    evaluated_on,
                    kind,
                    severity,
                    measures,
                    evidence: PenaltyEvidence {
                        rate,
                        platform,
                        threshold_ppm,
                        earlier_violations: earlier,
                        reason,
                    },
                    status,
                    policy_version,
                }
            },
        )
}

fn arb_buyer_change() -> impl Strategy<Value = BuyerChange> {
    (
        arb_timestamp(),
        any::<u32>(),
        any::<u32>(),
        any::<u32>(),
        any::<bool>(),
    )
        .prop_map(
            |(account_created_at, completed_orders, orders_90d, refunds_90d, abuse_restricted)| {
                BuyerChange::TrustUpdated(TrustInputs {
                    account_created_at,
                    completed_orders,
                    orders_90d,
                    refunds_90d,
                    abuse_restricted,
                })
            },
        )
}

fn arb_actor() -> impl Strategy<Value = Actor> {
    prop_oneof![
        arb_id(BuyerId::parse_stored).prop_map(Actor::Buyer),
        arb_id(MerchantId::parse_stored).prop_map(Actor::Merchant),
        (
            arb_id(MerchantId::parse_stored),
            arb_id(StaffId::parse_stored)
        )
            .prop_map(|(m, s)| Actor::MerchantStaff(m, s)),
        arb_id(StaffId::parse_stored).prop_map(Actor::Arbitrator),
        arb_id(StaffId::parse_stored).prop_map(Actor::Operator),
        Just(Actor::Integration),
        Just(Actor::System),
    ]
}

/// The payload as JSON, checked to be an object as the stored format promises.
fn payload_object(encoded: &EncodedChange) -> Value {
    let value: Value = serde_json::from_str(&encoded.payload).expect("payloads are JSON");
    assert!(
        value.is_object(),
        "{} payload is not an object: {}",
        encoded.kind,
        encoded.payload
    );
    value
}

/// The `"type"` a tagged DTO is stored with.
fn tag<Dto: Serialize>(dto: &Dto) -> String {
    serde_json::to_value(dto).expect("DTOs serialize")["type"]
        .as_str()
        .expect("tagged DTOs have a string type")
        .to_owned()
}

proptest! {
    #[test]
    fn every_order_change_round_trips(changes in every_order_change()) {
        for change in changes {
            let encoded = encode_order_change(&change);
            prop_assert_eq!(encoded.kind, change.name());
            prop_assert!(ORDER_KINDS.contains(&encoded.kind), "{} is missing from ORDER_KINDS", encoded.kind);
            payload_object(&encoded);
            let decoded = decode_order_change(encoded.kind, &encoded.payload);
            prop_assert_eq!(decoded.map_err(|e| e.to_string()), Ok(change));
        }
    }

    #[test]
    fn every_merchant_change_round_trips(changes in every_merchant_change()) {
        for change in changes {
            let encoded = encode_merchant_change(&change);
            payload_object(&encoded);
            let decoded = decode_merchant_change(encoded.kind, &encoded.payload);
            prop_assert_eq!(decoded.map_err(|e| e.to_string()), Ok(change));
        }
    }

    #[test]
    fn every_buyer_change_round_trips(change in arb_buyer_change()) {
        let encoded = encode_buyer_change(&change);
        payload_object(&encoded);
        let decoded = decode_buyer_change(encoded.kind, &encoded.payload);
        prop_assert_eq!(decoded.map_err(|e| e.to_string()), Ok(change));
    }

    #[test]
    fn every_actor_round_trips(actor in arb_actor()) {
        let decoded = decode_actor(&encode_actor(&actor));
        prop_assert_eq!(decoded.map_err(|e| e.to_string()), Ok(actor));
    }

    #[test]
    fn timestamps_round_trip_to_the_nanosecond(at in arb_timestamp()) {
        let decoded = decode_timestamp(&encode_timestamp(at));
        prop_assert_eq!(decoded.map_err(|e| e.to_string()), Ok(at));
    }

    /// Where the domain names a data-carrying enum's variants, the stored tag is that name,
    /// so logs, storage and scenario files speak one vocabulary.
    #[test]
    fn stored_tags_are_the_domains_names(
        remedy in arb_remedy(),
        outcome in arb_outcome(),
        rule in arb_rule(),
        update in arb_parcel_update(),
    ) {
        prop_assert_eq!(tag(&RemedyDto::from(&remedy)), remedy.as_str());
        prop_assert_eq!(tag(&VerdictOutcomeDto::from(&outcome)), outcome.as_str());
        prop_assert_eq!(tag(&RuleDto::from(&rule)), rule.code());
        prop_assert_eq!(tag(&ParcelUpdateDto::from(&update)), update.as_str());
    }
}

// ---------------------------------------------------------------------------------------------
// Corrupt rows: any damage to a valid payload is an error or a value, never a panic.

/// Something a broken writer or a bad migration might leave in place of a value.
fn arb_junk() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        Just(None),
        Just(Some(Value::Null)),
        any::<bool>().prop_map(|b| Some(json!(b))),
        any::<i64>().prop_map(|n| Some(json!(n))),
        any::<u64>().prop_map(|n| Some(json!(n))),
        prop_oneof![
            Just(i64::from(i32::MIN)),
            Just(i64::MIN),
            Just(-1),
            Just(1_000_000_000)
        ]
        .prop_map(|n| Some(json!(n))),
        ".{0,12}".prop_map(|s| Some(json!(s))),
        Just(Some(json!([]))),
        Just(Some(json!({}))),
        Just(Some(json!({"type": "unknown"}))),
    ]
}

/// Every value inside `value`, as JSON pointers (`/items/0/amount`).
fn pointers(value: &Value, at: &str, found: &mut Vec<String>) {
    let children: Vec<(String, &Value)> = match value {
        Value::Object(map) => map
            .iter()
            .map(|(key, child)| (key.clone(), child))
            .collect(),
        Value::Array(list) => list
            .iter()
            .enumerate()
            .map(|(i, child)| (i.to_string(), child))
            .collect(),
        _ => return,
    };
    for (step, child) in children {
        let pointer = format!("{at}/{step}");
        found.push(pointer.clone());
        pointers(child, &pointer, found);
    }
}

/// Replaces the `choice`-th value inside `value` with `junk`, or removes it for `None`.
fn damage(value: &mut Value, choice: usize, junk: Option<Value>) {
    let mut found = Vec::new();
    pointers(value, "", &mut found);
    if found.is_empty() {
        return;
    }
    let pointer = &found[choice % found.len()];
    let (parent, step) = pointer.rsplit_once('/').expect("pointers start with /");
    match (value.pointer_mut(parent), junk) {
        (Some(Value::Object(map)), None) => {
            map.remove(step);
        }
        (Some(Value::Object(map)), Some(junk)) => {
            map.insert(step.to_owned(), junk);
        }
        (Some(Value::Array(list)), junk) => {
            let index: usize = step.parse().expect("array steps are indices");
            match junk {
                None => {
                    list.remove(index);
                }
                Some(junk) => list[index] = junk,
            }
        }
        _ => unreachable!("every pointer's parent is a container"),
    }
}

proptest! {
    #[test]
    fn damaged_order_rows_never_panic(
        changes in every_order_change(),
        choice in any::<usize>(),
        junk in arb_junk(),
    ) {
        for change in changes {
            let encoded = encode_order_change(&change);
            let mut value = payload_object(&encoded);
            damage(&mut value, choice, junk.clone());
            let _ = decode_order_change(encoded.kind, &value.to_string());
        }
    }

    #[test]
    fn damaged_merchant_and_buyer_rows_never_panic(
        changes in every_merchant_change(),
        buyer in arb_buyer_change(),
        choice in any::<usize>(),
        junk in arb_junk(),
    ) {
        for change in changes {
            let encoded = encode_merchant_change(&change);
            let mut value = payload_object(&encoded);
            damage(&mut value, choice, junk.clone());
            let _ = decode_merchant_change(encoded.kind, &value.to_string());
        }
        let encoded = encode_buyer_change(&buyer);
        let mut value = payload_object(&encoded);
        damage(&mut value, choice, junk);
        let _ = decode_buyer_change(encoded.kind, &value.to_string());
    }

    #[test]
    fn any_text_as_a_payload_or_actor_never_panics(kind in select(ORDER_KINDS.to_vec()), text in ".*") {
        let _ = decode_order_change(kind, &text);
        let _ = decode_merchant_change(kind, &text);
        let _ = decode_buyer_change(kind, &text);
        let _ = decode_actor(&text);
        let _ = decode_timestamp(&text);
    }
}

pub(crate) const ORDER_KINDS: [&str; 35] = [
    "order_placed",
    "parcel_updated",
    "opened",
    "approved",
    "approved_after_refusal",
    "refusal_confirmed",
    "refusal_failed",
    "rejected",
    "remedy_proposed",
    "remedy_accepted",
    "remedy_declined",
    "edited",
    "cancelled",
    "return_shipped",
    "return_in_transit",
    "return_signed",
    "return_accepted",
    "return_window_lapsed",
    "replacement_shipped",
    "replacement_delivered",
    "shipped_while_pending",
    "dispute_opened",
    "evidence_added",
    "evidence_window_closed",
    "dispute_settled",
    "dispute_cancelled",
    "verdict_given",
    "rechecked",
    "escalation_lapsed",
    "refund_succeeded",
    "refund_failed",
    "refund_retried",
    "policy_applied",
    "message_posted",
    "return_address_set",
];

// ---------------------------------------------------------------------------------------------
// Golden payloads: the stored format, pinned.

fn cny(minor: i64) -> Money {
    Money::new(minor, Currency::CNY).expect("in range")
}

fn at(raw: &str) -> Timestamp {
    raw.parse().expect("a valid timestamp")
}

fn t1() -> TicketId {
    TicketId::parse("t-1").expect("valid")
}

fn on_t1(change: TicketChange) -> OrderChange {
    OrderChange::Ticket {
        ticket: t1(),
        change,
    }
}

/// The change encodes to exactly `payload` under `kind`, and that payload decodes back to it.
fn check<Change: PartialEq + std::fmt::Debug>(
    change: Change,
    encode: fn(&Change) -> EncodedChange,
    decode: fn(&str, &str) -> Result<Change, CodecError>,
    kind: &str,
    payload: &str,
) {
    let encoded = encode(&change);
    assert_eq!((encoded.kind, encoded.payload.as_str()), (kind, payload));
    match decode(kind, payload) {
        Ok(decoded) => assert_eq!(decoded, change),
        Err(error) => panic!("the golden {kind} payload does not decode: {error}"),
    }
}

fn check_order(change: OrderChange, kind: &str, payload: &str) {
    check(
        change,
        encode_order_change,
        decode_order_change,
        kind,
        payload,
    );
}

/// Parcel events from before parcels had ids (issue 18) name no parcel and a tracking event
/// no lines: they read as the order's single parcel, [`ParcelId::first()`], carrying every
/// unit. These payloads are the exact rows earlier releases wrote.
#[test]
fn golden_parcel_events_from_before_parcel_ids_still_decode() {
    let cases = [
        (
            r#"{"type":"tracking_entered","tracking":"SF1001"}"#,
            ParcelUpdate::TrackingEntered {
                tracking: "SF1001".to_owned(),
                items: Vec::new(),
            },
        ),
        (r#"{"type":"in_transit"}"#, ParcelUpdate::InTransit),
        (
            r#"{"type":"delivered","signer":"locker_without_consent"}"#,
            ParcelUpdate::Delivered {
                signer: Signer::LockerWithoutConsent,
            },
        ),
        (r#"{"type":"refused"}"#, ParcelUpdate::Refused),
    ];
    for (payload, update) in cases {
        assert_eq!(
            decode_order_change("parcel_updated", payload).expect("an old row decodes"),
            OrderChange::ParcelUpdated {
                parcel: ParcelId::first(),
                update,
            },
            "{payload}"
        );
    }
}

/// Ids the id grammar refuses today were valid before it: rows holding them still decode.
#[test]
fn ids_from_before_the_grammar_still_decode() {
    let payload = r#"{"id":"..","merchant":"-m","buyer":".","items":[{"id":"a..b","product":":p","category":"shoes","quantity":1,"amount":{"minor":100,"currency":"CNY"},"flags":{"seven_day_return":false,"custom":false,"virtual_goods":false}}],"paid":{"minor":100,"currency":"CNY"},"paid_at":"2024-06-01T08:30:00Z"}"#;
    assert!(OrderId::parse("..").is_err(), "refused from outside");
    let OrderChange::Placed(order) =
        decode_order_change("order_placed", payload).expect("an old row decodes")
    else {
        panic!("an order placement");
    };
    assert_eq!(
        (
            order.id.as_str(),
            order.merchant.as_str(),
            order.buyer.as_str()
        ),
        ("..", "-m", ".")
    );
    assert_eq!(order.items[0].id.as_str(), "a..b");
    assert_eq!(
        decode_actor("merchant:-m").expect("an old actor decodes"),
        Actor::Merchant(MerchantId::parse_stored("-m").expect("stored rule"))
    );
}

#[test]
fn golden_order_payloads() {
    check_order(
        OrderChange::Placed(NewOrder {
            id: OrderId::parse("o-1001").unwrap(),
            merchant: MerchantId::parse("m-7").unwrap(),
            buyer: BuyerId::parse("b-42").unwrap(),
            items: vec![OrderItem {
                id: ItemId::parse("i-1").unwrap(),
                product: ProductId::parse("p-9").unwrap(),
                category: "shoes".to_owned(),
                quantity: 2,
                amount: cny(12_900),
                flags: ItemFlags {
                    seven_day_return: true,
                    custom: false,
                    virtual_goods: false,
                },
            }],
            paid: cny(12_900),
            paid_at: at("2024-06-01T08:30:00Z"),
            creator: None,
            shipping_fee: cny(0),
            freight_insurance: false,
        }),
        "order_placed",
        r#"{"id":"o-1001","merchant":"m-7","buyer":"b-42","items":[{"id":"i-1","product":"p-9","category":"shoes","quantity":2,"amount":{"minor":12900,"currency":"CNY"},"flags":{"seven_day_return":true,"custom":false,"virtual_goods":false}}],"paid":{"minor":12900,"currency":"CNY"},"paid_at":"2024-06-01T08:30:00Z"}"#,
    );
    check_order(
        OrderChange::ParcelUpdated {
            parcel: ParcelId::parse("2").unwrap(),
            update: ParcelUpdate::Delivered {
                signer: Signer::LockerWithoutConsent,
            },
        },
        "parcel_updated",
        r#"{"parcel":"2","type":"delivered","signer":"locker_without_consent"}"#,
    );
    check_order(
        OrderChange::ParcelUpdated {
            parcel: ParcelId::parse("p-2").unwrap(),
            update: ParcelUpdate::TrackingEntered {
                tracking: "SF2".to_owned(),
                items: vec![LineRequest::units(ItemId::parse("i-1").unwrap(), 1)],
            },
        },
        "parcel_updated",
        r#"{"parcel":"p-2","type":"tracking_entered","tracking":"SF2","items":[{"item":"i-1","quantity":1}]}"#,
    );
}

/// Seed 001 1.3: an order a showcase creator sold names it; the payload gains `creator`, and
/// only then (the shape above, with no creator, is unchanged).
#[test]
fn golden_order_placed_by_a_creator() {
    check_order(
        OrderChange::Placed(NewOrder {
            id: OrderId::parse("o-1002").unwrap(),
            merchant: MerchantId::parse("m-7").unwrap(),
            buyer: BuyerId::parse("b-42").unwrap(),
            items: vec![OrderItem {
                id: ItemId::parse("i-1").unwrap(),
                product: ProductId::parse("p-9").unwrap(),
                category: "shoes".to_owned(),
                quantity: 1,
                amount: cny(6_900),
                flags: ItemFlags {
                    seven_day_return: true,
                    custom: false,
                    virtual_goods: false,
                },
            }],
            paid: cny(6_900),
            paid_at: at("2026-03-02T02:00:00Z"),
            creator: Some(CreatorId::parse("c-5").unwrap()),
            shipping_fee: cny(0),
            freight_insurance: false,
        }),
        "order_placed",
        r#"{"id":"o-1002","merchant":"m-7","buyer":"b-42","items":[{"id":"i-1","product":"p-9","category":"shoes","quantity":1,"amount":{"minor":6900,"currency":"CNY"},"flags":{"seven_day_return":true,"custom":false,"virtual_goods":false}}],"paid":{"minor":6900,"currency":"CNY"},"paid_at":"2026-03-02T02:00:00Z","creator":"c-5"}"#,
    );
}

/// A creator's penalties are stored like a merchant's, under the creator's own kinds.
#[test]
fn golden_creator_payloads() {
    check(
        CreatorChange::Penalised(Penalty {
            id: redress_domain::PenaltyId::parse("2026-03-11:dispute_rate").expect("a penalty id"),
            evaluated_on: jiff::civil::date(2026, 3, 11),
            kind: ViolationKind::DisputeRate,
            severity: Severity::Slight,
            measures: vec![redress_domain::evaluation::Measure::Warning],
            evidence: PenaltyEvidence {
                rate: Ratio {
                    numerator: 1,
                    denominator: 2,
                },
                platform: Some(Ratio {
                    numerator: 1,
                    denominator: 6,
                }),
                threshold_ppm: 250_000,
                earlier_violations: 0,
                reason: None,
            },
            status: redress_domain::evaluation::PenaltyStatus::Active,
            policy_version: 4,
        }),
        encode_creator_change,
        decode_creator_change,
        "creator_penalised",
        r#"{"id":"2026-03-11:dispute_rate","evaluated_on":"2026-03-11","kind":"dispute_rate","severity":"slight","measures":[{"measure":"warning"}],"evidence":{"rate":[1,2],"platform":[1,6],"threshold_ppm":250000,"earlier_violations":0},"status":{"status":"active"},"policy_version":4}"#,
    );
    check(
        CreatorChange::PenaltyAppealed {
            id: redress_domain::PenaltyId::parse("2026-03-11:dispute_rate").expect("a penalty id"),
            statement: "merchant's late shipping".to_owned(),
        },
        encode_creator_change,
        decode_creator_change,
        "creator_penalty_appealed",
        r#"{"id":"2026-03-11:dispute_rate","text":"merchant's late shipping"}"#,
    );
    check(
        CreatorChange::PenaltyRevoked {
            id: redress_domain::PenaltyId::parse("2026-03-11:dispute_rate").expect("a penalty id"),
            reason: "appeal upheld".to_owned(),
        },
        encode_creator_change,
        decode_creator_change,
        "creator_penalty_revoked",
        r#"{"id":"2026-03-11:dispute_rate","text":"appeal upheld"}"#,
    );
    assert!(
        decode_creator_change("penalised", "{}").is_err(),
        "a merchant's kind is no creator's"
    );
}

#[test]
fn golden_ticket_payloads() {
    check_order(
        on_t1(TicketChange::Opened {
            kind: TicketKind::ReturnAndRefund,
            reason: Reason::QualityProblem,
            amount: cny(5_000),
            // An event stored before issue 18: the item's id alone (the whole line).
            items: vec![EventLine::legacy(ItemId::parse("i-1").unwrap())],
            description: "鞋底开胶 \"sole\"".to_owned(),
            evidence: vec![Evidence {
                kind: EvidenceKind::Photos,
                reference: "sha256:ab12".to_owned(),
                note: String::new(),
            }],
            opened_while_unshipped: false,
            due_at: at("2024-06-03T08:30:00.25Z"),
            shipping_fee: cny(0),
            return_shipping: None,
        }),
        "opened",
        r#"{"ticket":"t-1","kind":"return_and_refund","reason":"quality_problem","amount":{"minor":5000,"currency":"CNY"},"items":["i-1"],"description":"鞋底开胶 \"sole\"","evidence":[{"kind":"photos","reference":"sha256:ab12","note":""}],"opened_while_unshipped":false,"due_at":"2024-06-03T08:30:00.25Z"}"#,
    );
    // Since issue 18: each line with its units and its share of the amount.
    check_order(
        on_t1(TicketChange::Opened {
            kind: TicketKind::ReturnAndRefund,
            reason: Reason::QualityProblem,
            amount: cny(5_000),
            items: vec![
                EventLine {
                    item: ItemId::parse("i-1").unwrap(),
                    quantity: Some(2),
                    amount: Some(cny(3_000)),
                },
                EventLine {
                    item: ItemId::parse("i-2").unwrap(),
                    quantity: Some(1),
                    amount: Some(cny(2_000)),
                },
            ],
            description: String::new(),
            evidence: vec![],
            opened_while_unshipped: true,
            due_at: at("2024-06-03T08:30:00Z"),
            shipping_fee: cny(0),
            return_shipping: None,
        }),
        "opened",
        r#"{"ticket":"t-1","kind":"return_and_refund","reason":"quality_problem","amount":{"minor":5000,"currency":"CNY"},"items":[{"item":"i-1","quantity":2,"amount":{"minor":3000,"currency":"CNY"}},{"item":"i-2","quantity":1,"amount":{"minor":2000,"currency":"CNY"}}],"description":"","evidence":[],"opened_while_unshipped":true,"due_at":"2024-06-03T08:30:00Z"}"#,
    );
    check_order(
        on_t1(TicketChange::Approved {
            approval: Approval::Automatic {
                rule: Rule::Strategy {
                    id: StrategyId::parse("s-1").unwrap(),
                    version: 3,
                    name: "小额秒退".to_owned(),
                },
                note: None,
                action: StrategyAction::RefundOnReturnSigned,
            },
            next: Next::AwaitingReturn {
                due_at: at("2024-06-10T08:30:00Z"),
            },
        }),
        "approved",
        r#"{"ticket":"t-1","approval":{"type":"automatic","rule":{"type":"merchant_strategy","id":"s-1","version":3,"name":"小额秒退"},"note":null,"action":"refund_on_return_signed"},"next":{"type":"awaiting_return","due_at":"2024-06-10T08:30:00Z"}}"#,
    );
    check_order(
        on_t1(TicketChange::ReturnAccepted {
            approval: Approval::Overdue,
            next: Next::Refunding { amount: cny(5_000) },
        }),
        "return_accepted",
        r#"{"ticket":"t-1","approval":{"type":"overdue"},"next":{"type":"refunding","amount":{"minor":5000,"currency":"CNY"}}}"#,
    );
    check_order(
        on_t1(TicketChange::RemedyProposed {
            remedy: Remedy::PartialCompensation { amount: cny(1_500) },
            note: "keep it".to_owned(),
        }),
        "remedy_proposed",
        r#"{"ticket":"t-1","remedy":{"type":"partial_compensation","amount":{"minor":1500,"currency":"CNY"}},"note":"keep it"}"#,
    );
    check_order(
        on_t1(TicketChange::MessagePosted {
            text: "请问\n何时 \"发货\"?".to_owned(),
        }),
        "message_posted",
        r#"{"ticket":"t-1","text":"请问\n何时 \"发货\"?"}"#,
    );
    check_order(
        on_t1(TicketChange::ReturnAddressSet {
            address: "杭州市余杭区 3 号仓".to_owned(),
        }),
        "return_address_set",
        r#"{"ticket":"t-1","address":"杭州市余杭区 3 号仓"}"#,
    );
    check_order(
        on_t1(TicketChange::Rejected {
            ground: RejectGround::ReturnNotReceived,
            reason: "not here".to_owned(),
            evidence: vec![],
            not_received_after_signature: true,
            due_at: at("2024-06-05T00:00:00Z"),
        }),
        "rejected",
        r#"{"ticket":"t-1","ground":"return_not_received","reason":"not here","evidence":[],"not_received_after_signature":true,"due_at":"2024-06-05T00:00:00Z"}"#,
    );
    check_order(
        on_t1(TicketChange::DisputeOpened {
            opener: Opener::Buyer,
            first: true,
            note: String::new(),
            evidence: vec![],
            time_left: Some(SignedDuration::new(86_399, 500_000_000)),
            due_at: at("2024-06-08T00:00:00Z"),
        }),
        "dispute_opened",
        r#"{"ticket":"t-1","opener":"buyer","first":true,"note":"","evidence":[],"time_left_seconds":86399,"time_left_subsec_nanos":500000000,"due_at":"2024-06-08T00:00:00Z"}"#,
    );
    check_order(
        on_t1(TicketChange::EvidenceAdded {
            side: Side::Merchant,
            evidence: Evidence {
                kind: EvidenceKind::LogisticsTrace,
                reference: "SF123".to_owned(),
                note: "unsigned".to_owned(),
            },
        }),
        "evidence_added",
        r#"{"ticket":"t-1","side":"merchant","evidence":{"kind":"logistics_trace","reference":"SF123","note":"unsigned"}}"#,
    );
    check_order(
        on_t1(TicketChange::VerdictGiven {
            responsibility: Responsibility::Both,
            outcome: VerdictOutcome::PartialRefund { amount: cny(2_500) },
            reasoning: "both at fault".to_owned(),
            refund: Some(cny(2_500)),
            early: false,
        }),
        "verdict_given",
        r#"{"ticket":"t-1","responsibility":"both","outcome":{"type":"partial_refund","amount":{"minor":2500,"currency":"CNY"}},"reasoning":"both at fault","refund":{"minor":2500,"currency":"CNY"}}"#,
    );
    check_order(
        on_t1(TicketChange::VerdictGiven {
            responsibility: Responsibility::Merchant,
            outcome: VerdictOutcome::FullRefund,
            reasoning: "decided before the window closed".to_owned(),
            refund: Some(cny(2_500)),
            early: true,
        }),
        "verdict_given",
        r#"{"ticket":"t-1","responsibility":"merchant","outcome":{"type":"full_refund"},"reasoning":"decided before the window closed","refund":{"minor":2500,"currency":"CNY"},"early":true}"#,
    );
    check_order(
        on_t1(TicketChange::RemedyAccepted {
            course: Course::Exchange,
            next: Next::AwaitingMerchantShipment {
                due_at: at("2024-06-04T12:00:00Z"),
            },
        }),
        "remedy_accepted",
        r#"{"ticket":"t-1","course":"exchange","next":{"type":"awaiting_merchant_shipment","due_at":"2024-06-04T12:00:00Z"}}"#,
    );
    check_order(
        on_t1(TicketChange::RefundFailed {
            reason: "bank timeout".to_owned(),
            attempt: 1,
            retry_at: None,
        }),
        "refund_failed",
        r#"{"ticket":"t-1","reason":"bank timeout","attempt":1,"retry_at":null}"#,
    );
    check_order(
        on_t1(TicketChange::Cancelled),
        "cancelled",
        r#"{"ticket":"t-1"}"#,
    );
}

#[test]
fn golden_merchant_and_buyer_payloads() {
    check(
        MerchantChange::StrategyPut(merchant::Strategy {
            id: StrategyId::parse("s-1").unwrap(),
            name: "small refunds".to_owned(),
            version: 2,
            condition: Condition {
                kinds: vec![TicketKind::RefundOnly],
                reasons: vec![Reason::DontWant, Reason::LogisticsStalled],
                amount_max_minor: Some(5_000),
                categories: vec![],
                trusted_buyer_only: true,
                stages: vec![FulfilmentStage::Unshipped],
            },
            action: StrategyAction::Approve,
            enabled: true,
        }),
        encode_merchant_change,
        decode_merchant_change,
        "strategy_put",
        r#"{"id":"s-1","name":"small refunds","version":2,"condition":{"kinds":["refund_only"],"reasons":["dont_want","logistics_stalled"],"amount_max_minor":5000,"categories":[],"trusted_buyer_only":true,"stages":["unshipped"]},"action":"approve","enabled":true}"#,
    );
    check(
        MerchantChange::StrategyDisabled {
            id: StrategyId::parse("s-1").unwrap(),
            version: 2,
        },
        encode_merchant_change,
        decode_merchant_change,
        "strategy_disabled",
        r#"{"id":"s-1","version":2}"#,
    );
    check(
        MerchantChange::PlatformFastRefundExclusionSet { excluded: true },
        encode_merchant_change,
        decode_merchant_change,
        "platform_fast_refund_exclusion_set",
        r#"{"excluded":true}"#,
    );
    check(
        MerchantChange::RefundHandlingRestored,
        encode_merchant_change,
        decode_merchant_change,
        "refund_handling_restored",
        "{}",
    );
    check(
        MerchantChange::Penalised(Penalty {
            id: redress_domain::PenaltyId::parse("2026-03-11:dispute_rate").expect("a penalty id"),
            evaluated_on: jiff::civil::date(2026, 3, 11),
            kind: ViolationKind::DisputeRate,
            severity: Severity::EspeciallySerious,
            measures: vec![
                redress_domain::evaluation::Measure::Delisting { days: 3 },
                redress_domain::evaluation::Measure::Fine {
                    amount: Money::new(75_000, Currency::CNY).unwrap(),
                },
            ],
            evidence: PenaltyEvidence {
                rate: Ratio {
                    numerator: 9,
                    denominator: 100,
                },
                platform: Some(Ratio {
                    numerator: 40,
                    denominator: 10_000,
                }),
                threshold_ppm: 6_000,
                earlier_violations: 2,
                reason: None,
            },
            status: redress_domain::evaluation::PenaltyStatus::Active,
            policy_version: 0,
        }),
        encode_merchant_change,
        decode_merchant_change,
        "penalised",
        r#"{"id":"2026-03-11:dispute_rate","evaluated_on":"2026-03-11","kind":"dispute_rate","severity":"especially_serious","measures":[{"measure":"delisting","days":3},{"measure":"fine","amount":{"minor":75000,"currency":"CNY"}}],"evidence":{"rate":[9,100],"platform":[40,10000],"threshold_ppm":6000,"earlier_violations":2},"status":{"status":"active"}}"#,
    );
    // Seed 004 三 (清除平台、终止合作): a repeat high-risk finding ends in termination; the
    // evaluation's evidence keeps the earlier payload's shape (no `reason`).
    check(
        MerchantChange::Penalised(Penalty {
            id: redress_domain::PenaltyId::parse("2026-03-18:mass_overdue").expect("a penalty id"),
            evaluated_on: jiff::civil::date(2026, 3, 18),
            kind: ViolationKind::MassOverdue,
            severity: Severity::Serious,
            measures: vec![
                redress_domain::evaluation::Measure::Warning,
                redress_domain::evaluation::Measure::RefundHandlingClosed,
                redress_domain::evaluation::Measure::Termination,
            ],
            evidence: PenaltyEvidence {
                rate: Ratio {
                    numerator: 60,
                    denominator: 100,
                },
                platform: None,
                threshold_ppm: 200_000,
                earlier_violations: 1,
                reason: None,
            },
            status: redress_domain::evaluation::PenaltyStatus::Active,
            policy_version: 0,
        }),
        encode_merchant_change,
        decode_merchant_change,
        "penalised",
        r#"{"id":"2026-03-18:mass_overdue","evaluated_on":"2026-03-18","kind":"mass_overdue","severity":"serious","measures":[{"measure":"warning"},{"measure":"refund_handling_closed"},{"measure":"termination"}],"evidence":{"rate":[60,100],"platform":null,"threshold_ppm":200000,"earlier_violations":1},"status":{"status":"active"}}"#,
    );
    // An operator's decision: the reason is its evidence.
    check(
        MerchantChange::Penalised(Penalty {
            id: redress_domain::PenaltyId::parse("2026-03-20:operator_decision")
                .expect("a penalty id"),
            evaluated_on: jiff::civil::date(2026, 3, 20),
            kind: ViolationKind::OperatorDecision,
            severity: Severity::EspeciallySerious,
            measures: vec![redress_domain::evaluation::Measure::Termination],
            evidence: PenaltyEvidence {
                rate: Ratio {
                    numerator: 0,
                    denominator: 0,
                },
                platform: None,
                threshold_ppm: 0,
                earlier_violations: 3,
                reason: Some("counterfeit goods, three findings".to_owned()),
            },
            status: redress_domain::evaluation::PenaltyStatus::Appealed {
                statement: "the goods were genuine".to_owned(),
            },
            policy_version: 0,
        }),
        encode_merchant_change,
        decode_merchant_change,
        "penalised",
        r#"{"id":"2026-03-20:operator_decision","evaluated_on":"2026-03-20","kind":"operator_decision","severity":"especially_serious","measures":[{"measure":"termination"}],"evidence":{"rate":[0,0],"platform":null,"threshold_ppm":0,"earlier_violations":3,"reason":"counterfeit goods, three findings"},"status":{"status":"appealed","statement":"the goods were genuine"}}"#,
    );
    check(
        MerchantChange::ReturnAddressSet {
            address: Some("上海市浦东新区张江路 1 号\n售后部".to_owned()),
        },
        encode_merchant_change,
        decode_merchant_change,
        "shop_return_address_set",
        r#"{"address":"上海市浦东新区张江路 1 号\n售后部"}"#,
    );
    check(
        MerchantChange::ReturnAddressSet { address: None },
        encode_merchant_change,
        decode_merchant_change,
        "shop_return_address_set",
        r#"{"address":null}"#,
    );
    check(
        MerchantChange::Named {
            name: "衣橱小铺 Wardrobe".to_owned(),
        },
        encode_merchant_change,
        decode_merchant_change,
        "shop_named",
        r#"{"name":"衣橱小铺 Wardrobe"}"#,
    );
    check(
        MerchantChange::PenaltyRevoked {
            id: redress_domain::PenaltyId::parse("2026-03-11:dispute_rate").expect("a penalty id"),
            reason: "appeal upheld".to_owned(),
        },
        encode_merchant_change,
        decode_merchant_change,
        "penalty_revoked",
        r#"{"id":"2026-03-11:dispute_rate","text":"appeal upheld"}"#,
    );
    check(
        BuyerChange::TrustUpdated(TrustInputs {
            account_created_at: at("2021-02-03T04:05:06.000007Z"),
            completed_orders: 12,
            orders_90d: 5,
            refunds_90d: 1,
            abuse_restricted: false,
        }),
        encode_buyer_change,
        decode_buyer_change,
        "trust_updated",
        r#"{"account_created_at":"2021-02-03T04:05:06.000007Z","completed_orders":12,"orders_90d":5,"refunds_90d":1,"abuse_restricted":false}"#,
    );
}

#[test]
fn golden_actors() {
    let table = [
        (Actor::Buyer(BuyerId::parse("b-42").unwrap()), "buyer:b-42"),
        // Every merchant actor before staff accounts: the shop alone, which still loads so.
        (
            Actor::Merchant(MerchantId::parse("m:7").unwrap()),
            "merchant:m:7",
        ),
        (
            Actor::MerchantStaff(
                MerchantId::parse("m:7").unwrap(),
                StaffId::parse("stf_0123456789abcdef").unwrap(),
            ),
            "merchant:m:7/stf_0123456789abcdef",
        ),
        (
            Actor::Arbitrator(StaffId::parse("cs-3").unwrap()),
            "arbitrator:cs-3",
        ),
        (
            Actor::Operator(StaffId::parse("ops-1").unwrap()),
            "operator:ops-1",
        ),
        (Actor::Integration, "integration"),
        (Actor::System, "system"),
    ];
    for (actor, stored) in table {
        assert_eq!(encode_actor(&actor), stored);
        assert_eq!(decode_actor(stored).unwrap(), actor);
    }
}

#[test]
fn unknown_fields_are_ignored_so_newer_rows_stay_readable() {
    let payload = r#"{"ticket":"t-1","added_later":[1,2],"reason":"bank timeout","attempt":2,"retry_at":"2024-06-01T00:00:00Z","detail":{"code":"E42"}}"#;
    assert_eq!(
        decode_order_change("refund_failed", payload).unwrap(),
        on_t1(TicketChange::RefundFailed {
            reason: "bank timeout".to_owned(),
            attempt: 2,
            retry_at: Some(at("2024-06-01T00:00:00Z")),
        })
    );
    let nested = r#"{"ticket":"t-1","approval":{"type":"merchant","by":"m-7"},"next":{"type":"refunding","amount":{"minor":1,"currency":"CNY","display":"0.01"}}}"#;
    assert_eq!(
        decode_order_change("approved", nested).unwrap(),
        on_t1(TicketChange::Approved {
            approval: Approval::Merchant,
            next: Next::Refunding { amount: cny(1) },
        })
    );
}

// ---------------------------------------------------------------------------------------------
// Errors name the event kind, the field and the reason.

/// The message of the error, which must contain every one of `expected`.
fn check_error<T: std::fmt::Debug>(result: Result<T, CodecError>, expected: &[&str]) {
    let message = match result {
        Ok(value) => panic!("expected an error mentioning {expected:?}, decoded {value:?}"),
        Err(error) => error.to_string(),
    };
    for part in expected {
        assert!(
            message.contains(part),
            "the error {message:?} does not mention {part:?}"
        );
    }
}

#[test]
fn unknown_kinds_are_refused_per_aggregate() {
    check_error(
        decode_order_change("order_exploded", "{}"),
        &["order event kind \"order_exploded\" is unknown"],
    );
    check_error(
        decode_merchant_change("opened", r#"{"ticket":"t-1"}"#),
        &["merchant event kind \"opened\" is unknown"],
    );
    check_error(
        decode_buyer_change("fast_refund_set", r#"{"opted_in":true}"#),
        &["buyer event kind \"fast_refund_set\" is unknown"],
    );
}

#[test]
fn malformed_payloads_name_the_kind_and_the_problem() {
    let table: [(&str, &str, &[&str]); 9] = [
        (
            "cancelled",
            r#"{"ticket":"t-1""#,
            &["cancelled event", "EOF"],
        ),
        ("cancelled", "not json", &["cancelled event", "expected"]),
        ("cancelled", "[]", &["cancelled event", "invalid type"]),
        (
            "cancelled",
            r#"{"ticket":"t-1"} trailing"#,
            &["trailing characters"],
        ),
        ("cancelled", "{}", &["missing field `ticket`"]),
        (
            "refund_retried",
            r#"{"ticket":"t-1"}"#,
            &["refund_retried event", "missing field `attempt`"],
        ),
        // Null is a value; absence is corruption.
        (
            "refund_failed",
            r#"{"ticket":"t-1","reason":"x","attempt":1}"#,
            &["refund_failed event", "missing field `retry_at`"],
        ),
        (
            "refund_retried",
            r#"{"ticket":"t-1","attempt":-1}"#,
            &["refund_retried event", "invalid value: integer `-1`"],
        ),
        (
            "remedy_proposed",
            r#"{"ticket":"t-1","remedy":{"type":"voucher"},"note":""}"#,
            &["remedy_proposed event", "unknown variant `voucher`"],
        ),
    ];
    for (kind, payload, expected) in table {
        check_error(decode_order_change(kind, payload), expected);
    }
    check_error(
        decode_merchant_change("strategy_disabled", r#"{"id":"s-1"}"#),
        &["strategy_disabled event", "missing field `version`"],
    );
    check_error(
        decode_buyer_change("trust_updated", "null"),
        &["trust_updated event", "invalid type: null"],
    );
}

#[test]
fn invalid_values_name_the_field_path_and_the_reason() {
    let table: [(&str, &str, &[&str]); 13] = [
        // Ids.
        (
            "cancelled",
            r#"{"ticket":""}"#,
            &[
                "cancelled event: field ticket:",
                "\"\" is not an id: it must not be empty",
            ],
        ),
        (
            "opened",
            r#"{"ticket":"t-1","kind":"refund_only","reason":"dont_want","amount":{"minor":1,"currency":"CNY"},"items":["i-1","i 2"],"description":"","evidence":[],"opened_while_unshipped":true,"due_at":"2024-06-01T00:00:00Z"}"#,
            &[
                "opened event: field items[1]:",
                "\"i 2\" is not an id",
                "contains ' '",
            ],
        ),
        (
            "order_placed",
            r#"{"id":"o-1","merchant":"m-1","buyer":"b-1","items":[{"id":"i-1","product":"","category":"","quantity":1,"amount":{"minor":1,"currency":"CNY"},"flags":{"seven_day_return":false,"custom":false,"virtual_goods":false}}],"paid":{"minor":1,"currency":"CNY"},"paid_at":"2024-06-01T00:00:00Z"}"#,
            &[
                "order_placed event: field items[0].product:",
                "must not be empty",
            ],
        ),
        // Money.
        (
            "refusal_confirmed",
            r#"{"ticket":"t-1","amount":{"minor":100,"currency":"cny"}}"#,
            &[
                "refusal_confirmed event: field amount.currency:",
                "\"cny\" is not a currency code",
            ],
        ),
        (
            "verdict_given",
            r#"{"ticket":"t-1","responsibility":"merchant","outcome":{"type":"full_refund"},"reasoning":"","refund":{"minor":1,"currency":"YUAN"}}"#,
            &[
                "verdict_given event: field refund.currency:",
                "\"YUAN\" is not a currency code",
            ],
        ),
        (
            "approved",
            r#"{"ticket":"t-1","approval":{"type":"merchant"},"next":{"type":"refunding","amount":{"minor":-5,"currency":"CNY"}}}"#,
            &["approved event: field next.amount.minor:", "-5 is negative"],
        ),
        // Times.
        (
            "return_signed",
            r#"{"ticket":"t-1","due_at":"yesterday"}"#,
            &[
                "return_signed event: field due_at:",
                "\"yesterday\" is not an RFC 3339 timestamp",
            ],
        ),
        (
            "refund_failed",
            r#"{"ticket":"t-1","reason":"","attempt":1,"retry_at":"2024-06-01T08:00:00"}"#,
            &[
                "refund_failed event: field retry_at:",
                "is not an RFC 3339 timestamp",
            ],
        ),
        (
            "dispute_opened",
            r#"{"ticket":"t-1","opener":"buyer","first":true,"note":"","evidence":[],"time_left_seconds":10,"time_left_subsec_nanos":-1,"due_at":"2024-06-01T00:00:00Z"}"#,
            &[
                "dispute_opened event: field time_left_subsec_nanos:",
                "sign of time_left_seconds",
            ],
        ),
        (
            "dispute_opened",
            r#"{"ticket":"t-1","opener":"buyer","first":true,"note":"","evidence":[],"time_left_seconds":10,"time_left_subsec_nanos":null,"due_at":"2024-06-01T00:00:00Z"}"#,
            &[
                "field time_left_subsec_nanos:",
                "is null while time_left_seconds is not",
            ],
        ),
        // Enum values.
        (
            "edited",
            r#"{"ticket":"t-1","kind":"refund_please","reason":"dont_want","amount":{"minor":1,"currency":"CNY"},"items":[],"description":"","evidence":[],"due_at":"2024-06-01T00:00:00Z"}"#,
            &[
                "edited event: field kind:",
                "\"refund_please\" is not one of refund_only, return_and_refund",
            ],
        ),
        (
            "evidence_added",
            r#"{"ticket":"t-1","side":"merchant","evidence":{"kind":"selfie","reference":"","note":""}}"#,
            &[
                "evidence_added event: field evidence.kind:",
                "\"selfie\" is not one of tracking_number",
            ],
        ),
        (
            "parcel_updated",
            r#"{"type":"delivered","signer":"neighbour"}"#,
            &[
                "parcel_updated event: field signer:",
                "\"neighbour\" is not one of buyer, proxy",
            ],
        ),
    ];
    for (kind, payload, expected) in table {
        check_error(decode_order_change(kind, payload), expected);
    }
    check_error(
        decode_merchant_change(
            "strategy_put",
            r#"{"id":"s-1","name":"","version":1,"condition":{"kinds":[],"reasons":[],"amount_max_minor":null,"categories":[],"trusted_buyer_only":false,"stages":["lost"]},"action":"approve","enabled":true}"#,
        ),
        &[
            "strategy_put event: field condition.stages[0]:",
            "\"lost\" is not one of unshipped",
        ],
    );
    check_error(
        decode_buyer_change(
            "trust_updated",
            r#"{"account_created_at":"2021-13-01T00:00:00Z","completed_orders":1,"orders_90d":1,"refunds_90d":0,"abuse_restricted":false}"#,
        ),
        &[
            "trust_updated event: field account_created_at:",
            "not an RFC 3339 timestamp",
        ],
    );
}

#[test]
fn bad_actors_and_timestamps_say_why() {
    check_error(
        decode_actor("robot"),
        &["actor \"robot\" is not one of buyer:ID"],
    );
    check_error(
        decode_actor("system:x"),
        &["actor \"system:x\" is not one of"],
    );
    check_error(decode_actor("buyer"), &["actor \"buyer\" is not one of"]);
    check_error(
        decode_actor("buyer:"),
        &["actor \"buyer:\": the id must not be empty"],
    );
    check_error(
        decode_actor("merchant:m 7"),
        &["actor \"merchant:m 7\": the id contains ' '"],
    );
    check_error(
        decode_timestamp("2024-06-01"),
        &["timestamp \"2024-06-01\":"],
    );
}

// ---------------------------------------------------------------------------------------------
// Versioned policies: the policy stream's events, the ticket's record of the version it was
// decided under, and the version a penalty applied.

#[test]
fn golden_policy_payloads() {
    use redress_domain::policy_history::{PolicyChange, PolicyPut};
    check(
        PolicyChange::Put(PolicyPut {
            name: "custom".to_owned(),
            toml: "name = \"custom\"\n\n[dispute_rate]\nreference_rate = \"0.3%\"\n".to_owned(),
            diff: vec![
                "dispute_rate.reference_rate: 0.4% → 0.3%".to_owned(),
                "name: default → custom".to_owned(),
            ],
        }),
        encode_policy_change,
        decode_policy_change,
        "policy_put",
        r#"{"name":"custom","toml":"name = \"custom\"\n\n[dispute_rate]\nreference_rate = \"0.3%\"\n","diff":["dispute_rate.reference_rate: 0.4% → 0.3%","name: default → custom"]}"#,
    );
    check_error(
        decode_policy_change("policy_removed", "{}"),
        &["policy", "policy_removed"],
    );
    check_order(
        on_t1(TicketChange::PolicyApplied { version: 3 }),
        "policy_applied",
        r#"{"ticket":"t-1","version":3}"#,
    );
}

/// A penalty recorded before versioned policies has no `policy_version`: it reads as 0; one
/// recorded under a stored version keeps it.
#[test]
fn penalties_record_their_policy_version_and_old_ones_read_as_zero() {
    let old = r#"{"id":"2026-03-11:mass_overdue","evaluated_on":"2026-03-11","kind":"mass_overdue","severity":"slight","measures":[{"measure":"warning"}],"evidence":{"rate":[9,10],"platform":null,"threshold_ppm":300000,"earlier_violations":0},"status":{"status":"active"}}"#;
    let Ok(MerchantChange::Penalised(penalty)) = decode_merchant_change("penalised", old) else {
        panic!("an old penalty decodes");
    };
    assert_eq!(penalty.policy_version, 0);
    assert_eq!(
        encode_merchant_change(&MerchantChange::Penalised(penalty.clone())).payload,
        old
    );
    let versioned = Penalty {
        policy_version: 4,
        ..penalty
    };
    let encoded = encode_merchant_change(&MerchantChange::Penalised(versioned.clone()));
    assert!(
        encoded
            .payload
            .ends_with(r#""status":{"status":"active"},"policy_version":4}"#),
        "{}",
        encoded.payload
    );
    assert_eq!(
        decode_merchant_change("penalised", &encoded.payload).ok(),
        Some(MerchantChange::Penalised(versioned))
    );
}

/// A shipping fee within `amount`, in its currency (half of it, so both zero and not occur).
fn fee_within(amount: Money) -> Money {
    Money::new(amount.minor() / 2, amount.currency()).expect("within the amount")
}

/// A return-shipping payer or none, drawn from the amount.
fn payer_of(amount: Money) -> Option<ReturnShippingPayer> {
    ReturnShippingPayer::ALL
        .get(usize::try_from(amount.minor() % 4).expect("0 to 3"))
        .copied()
}

/// Issue 18, point 3: an order's shipping fee and freight insurance, and a request's fee part
/// and return-shipping payer, are written only when there is some; payloads stored before
/// them (the goldens above, and these) read as no fee, no insurance and no payer recorded.
#[test]
fn golden_shipping_payloads() {
    let order = |shipping_fee: Money, freight_insurance: bool| NewOrder {
        id: OrderId::parse("o-1003").unwrap(),
        merchant: MerchantId::parse("m-7").unwrap(),
        buyer: BuyerId::parse("b-42").unwrap(),
        items: vec![OrderItem {
            id: ItemId::parse("i-1").unwrap(),
            product: ProductId::parse("p-9").unwrap(),
            category: "shoes".to_owned(),
            quantity: 1,
            amount: cny(6_900),
            flags: ItemFlags {
                seven_day_return: true,
                custom: false,
                virtual_goods: false,
            },
        }],
        paid: cny(6_900 + shipping_fee.minor()),
        paid_at: at("2026-03-02T02:00:00Z"),
        creator: None,
        shipping_fee,
        freight_insurance,
    };
    check_order(
        OrderChange::Placed(order(cny(1_000), true)),
        "order_placed",
        r#"{"id":"o-1003","merchant":"m-7","buyer":"b-42","items":[{"id":"i-1","product":"p-9","category":"shoes","quantity":1,"amount":{"minor":6900,"currency":"CNY"},"flags":{"seven_day_return":true,"custom":false,"virtual_goods":false}}],"paid":{"minor":7900,"currency":"CNY"},"paid_at":"2026-03-02T02:00:00Z","shipping_fee":{"minor":1000,"currency":"CNY"},"freight_insurance":true}"#,
    );
    // The old shape: no fee, no insurance.
    check_order(
        OrderChange::Placed(order(cny(0), false)),
        "order_placed",
        r#"{"id":"o-1003","merchant":"m-7","buyer":"b-42","items":[{"id":"i-1","product":"p-9","category":"shoes","quantity":1,"amount":{"minor":6900,"currency":"CNY"},"flags":{"seven_day_return":true,"custom":false,"virtual_goods":false}}],"paid":{"minor":6900,"currency":"CNY"},"paid_at":"2026-03-02T02:00:00Z"}"#,
    );
    let line = EventLine {
        item: ItemId::parse("i-1").unwrap(),
        quantity: Some(1),
        amount: Some(cny(6_900)),
    };
    check_order(
        on_t1(TicketChange::Opened {
            kind: TicketKind::RefundOnly,
            reason: Reason::DontWant,
            amount: cny(7_900),
            items: vec![line.clone()],
            description: String::new(),
            evidence: vec![],
            opened_while_unshipped: true,
            due_at: at("2026-03-04T02:00:00Z"),
            shipping_fee: cny(1_000),
            return_shipping: None,
        }),
        "opened",
        r#"{"ticket":"t-1","kind":"refund_only","reason":"dont_want","amount":{"minor":7900,"currency":"CNY"},"items":[{"item":"i-1","quantity":1,"amount":{"minor":6900,"currency":"CNY"}}],"description":"","evidence":[],"opened_while_unshipped":true,"due_at":"2026-03-04T02:00:00Z","shipping_fee":{"minor":1000,"currency":"CNY"}}"#,
    );
    check_order(
        on_t1(TicketChange::Edited {
            kind: TicketKind::ReturnAndRefund,
            reason: Reason::NoReasonSevenDay,
            amount: cny(6_900),
            items: vec![line],
            description: String::new(),
            evidence: vec![],
            due_at: at("2026-03-04T02:00:00Z"),
            shipping_fee: cny(0),
            return_shipping: Some(ReturnShippingPayer::FreightInsurance),
        }),
        "edited",
        r#"{"ticket":"t-1","kind":"return_and_refund","reason":"no_reason_seven_day","amount":{"minor":6900,"currency":"CNY"},"items":[{"item":"i-1","quantity":1,"amount":{"minor":6900,"currency":"CNY"}}],"description":"","evidence":[],"due_at":"2026-03-04T02:00:00Z","return_shipping":"freight_insurance"}"#,
    );
    // A payer this release does not know is refused by name, not read as another.
    let error = decode_order_change(
        "opened",
        r#"{"ticket":"t-1","kind":"return_and_refund","reason":"dont_want","amount":{"minor":1,"currency":"CNY"},"items":[],"description":"","evidence":[],"opened_while_unshipped":false,"due_at":"2026-03-04T02:00:00Z","return_shipping":"courier"}"#,
    )
    .unwrap_err();
    assert!(error.to_string().contains("return_shipping"), "{error}");
}

/// Stored penalty ids read as the domain's `PenaltyId` (numbered ones too, and unchanged on
/// the way back); a stored id of another shape is damage, named by field.
#[test]
fn stored_penalty_ids_read_as_typed_ids() {
    let numbered = r#"{"id":"2026-03-20:operator_decision:2","text":"the goods were genuine"}"#;
    let Ok(MerchantChange::PenaltyAppealed { id, .. }) =
        decode_merchant_change("penalty_appealed", numbered)
    else {
        panic!("a numbered id decodes");
    };
    assert_eq!(
        (id.evaluated_on(), id.kind(), id.number()),
        (
            jiff::civil::date(2026, 3, 20),
            ViolationKind::OperatorDecision,
            2
        )
    );
    let statement = "the goods were genuine".to_owned();
    assert_eq!(
        encode_merchant_change(&MerchantChange::PenaltyAppealed { id, statement }).payload,
        numbered
    );
    check_error(
        decode_merchant_change("penalty_revoked", r#"{"id":"P-1","text":"upheld"}"#),
        &["penalty_revoked", "id", "\"P-1\""],
    );
    check_error(
        decode_creator_change(
            "creator_penalty_appealed",
            r#"{"id":"2026-03-11:late","text":"x"}"#,
        ),
        &["creator_penalty_appealed", "id", "\"late\""],
    );
}
