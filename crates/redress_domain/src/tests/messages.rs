//! The ticket's thread (协商历史) and return addresses (SPEC: "A message thread between buyer,
//! merchant and, in a dispute, the platform; every message is an event. The buyer sees the
//! merchant's return address on approval.").

use super::support::*;
use crate::merchant::MerchantCommand;
use crate::{Actor, MESSAGES_MAX, Message, Rejection, Role, TicketAction, TicketChange};
use Who::*;

fn say(text: &str) -> TicketAction {
    TicketAction::PostMessage {
        text: text.to_owned(),
    }
}

fn address(text: &str) -> TicketAction {
    TicketAction::SetReturnAddress {
        address: text.to_owned(),
    }
}

#[test]
fn buyer_and_merchant_write_to_each_other_and_each_message_is_an_event() {
    let mut world = Setup::Requested.build();
    let version = world.ticket("t1").version;
    let state = world.ticket("t1").state.clone();
    let first_at = world.now;
    let events = world.must(Buyer, "t1", say("  请问什么时候处理?\n谢谢  "));
    assert_eq!(
        ticket_changes(&events),
        [&TicketChange::MessagePosted {
            text: "请问什么时候处理?\n谢谢".to_owned()
        }],
        "the text is kept trimmed, line breaks and all"
    );
    world.advance(hours(1));
    world.must(Merchant, "t1", say("今天内处理"));
    let ticket = world.ticket("t1");
    assert_eq!(
        ticket.messages,
        vec![
            Message {
                at: first_at,
                author: Buyer.actor(),
                text: "请问什么时候处理?\n谢谢".to_owned(),
            },
            Message {
                at: world.now,
                author: Merchant.actor(),
                text: "今天内处理".to_owned(),
            },
        ]
    );
    assert_eq!(
        ticket.state, state,
        "a message changes no state or deadline"
    );
    assert_eq!(ticket.version, version + 2, "each message is a version");
}

#[test]
fn the_platform_joins_the_thread_only_once_the_ticket_went_to_a_dispute() {
    let mut world = Setup::Rejected.build();
    for who in [Arbitrator, Operator] {
        assert_eq!(
            world.act(who, "t1", say("平台")),
            Err(Rejection::WrongActor {
                action: "post_message",
                needs: &[Role::Buyer, Role::Merchant],
            }),
            "{who:?} before a dispute"
        );
    }
    let mut world_in_dispute = Setup::InDispute.build();
    world_in_dispute.must(Arbitrator, "t1", say("请双方补充凭证"));
    world_in_dispute.must(Operator, "t1", say("已收到"));
    let authors: Vec<&Actor> = world_in_dispute
        .ticket("t1")
        .messages
        .iter()
        .map(|m| &m.author)
        .collect();
    assert_eq!(authors, [&Arbitrator.actor(), &Operator.actor()]);
    // Nobody else writes on the thread, in a dispute or not.
    for who in [OtherBuyer, OtherMerchant, Integration, System] {
        assert!(
            matches!(
                world_in_dispute.act(who, "t1", say("x")),
                Err(Rejection::WrongActor { .. })
            ),
            "{who:?}"
        );
        assert!(
            matches!(
                world.act(who, "t1", say("x")),
                Err(Rejection::WrongActor { .. })
            ),
            "{who:?}"
        );
    }
}

#[test]
fn a_message_must_be_text_within_its_limits_and_the_thread_within_its_own() {
    let mut world = Setup::Requested.build();
    for (text, why) in [
        ("", "must not be empty"),
        ("  \n ", "must not be empty"),
        ("bell\u{7}", "must not contain control characters"),
        ("nul\u{0}", "must not contain control characters"),
    ] {
        assert_eq!(
            world.act(Buyer, "t1", say(text)),
            Err(Rejection::TextInvalid { field: "text", why }),
            "{text:?}"
        );
    }
    assert_eq!(
        world.act(Buyer, "t1", say(&"字".repeat(1001))),
        Err(Rejection::TextInvalid {
            field: "text",
            why: "is longer than 1000 characters"
        })
    );
    world.must(Buyer, "t1", say(&"字".repeat(1000)));
    for i in 1..MESSAGES_MAX {
        world.must(if i % 2 == 0 { Buyer } else { Merchant }, "t1", say("ok"));
    }
    assert_eq!(
        world.act(Buyer, "t1", say("one more")),
        Err(Rejection::LimitExceeded {
            field: "messages",
            max: MESSAGES_MAX
        })
    );
    assert_eq!(world.ticket("t1").messages.len(), MESSAGES_MAX);
}

#[test]
fn a_closed_ticket_can_still_be_talked_about() {
    let mut world = Setup::Closed.build();
    world.must(Buyer, "t1", say("我撤销了,谢谢"));
    assert_eq!(world.ticket("t1").messages.len(), 1);
}

#[test]
fn the_buyer_sees_the_shops_return_address_only_once_a_return_is_agreed() {
    let mut world = Setup::RequestedReturn.build();
    world.merchant_command(
        Merchant,
        MerchantCommand::SetReturnAddress {
            address: " 上海市浦东新区张江路 1 号 售后部 ".to_owned(),
        },
    );
    let shop = world
        .merchant
        .as_ref()
        .and_then(|m| m.return_address.clone());
    assert_eq!(shop.as_deref(), Some("上海市浦东新区张江路 1 号 售后部"));
    assert_eq!(
        world.ticket("t1").return_address_for_buyer(shop.as_deref()),
        None,
        "nothing to send back before the merchant agrees"
    );
    world.must(Merchant, "t1", TicketAction::Approve);
    assert_eq!(
        world.ticket("t1").return_address_for_buyer(shop.as_deref()),
        shop.as_deref()
    );
    world.must(Buyer, "t1", ship_return());
    assert_eq!(
        world.ticket("t1").return_address_for_buyer(shop.as_deref()),
        shop.as_deref(),
        "still shown while the parcel travels"
    );
}

#[test]
fn a_ticket_may_name_its_own_return_address_which_overrides_the_shops() {
    let mut world = Setup::RequestedReturn.build();
    let events = world.must(Merchant, "t1", address(" 杭州市余杭区 3 号仓 "));
    assert_eq!(
        ticket_changes(&events),
        [&TicketChange::ReturnAddressSet {
            address: "杭州市余杭区 3 号仓".to_owned()
        }]
    );
    assert_eq!(
        world.act(Merchant, "t1", address("杭州市余杭区 3 号仓")),
        Err(Rejection::NoChange)
    );
    world.must(Merchant, "t1", TicketAction::Approve);
    assert_eq!(
        world.ticket("t1").return_address_for_buyer(Some("上海")),
        Some("杭州市余杭区 3 号仓")
    );
    // Still changeable while the buyer has not sent the parcel; not after.
    world.must(Merchant, "t1", address("杭州市余杭区 4 号仓"));
    world.must(Buyer, "t1", ship_return());
    assert!(matches!(
        world.act(Merchant, "t1", address("5 号仓")),
        Err(Rejection::WrongState { .. })
    ));
}

#[test]
fn only_the_orders_merchant_sets_a_tickets_return_address_and_it_must_be_text() {
    let mut world = Setup::RequestedReturn.build();
    for who in [
        Buyer,
        OtherMerchant,
        Arbitrator,
        Operator,
        Integration,
        System,
    ] {
        assert_eq!(
            world.act(who, "t1", address("x")),
            Err(Rejection::WrongActor {
                action: "set_return_address",
                needs: &[Role::Merchant],
            }),
            "{who:?}"
        );
    }
    for (text, why) in [
        ("", "must not be empty"),
        ("a\u{1b}[31m", "must not contain control characters"),
    ] {
        assert_eq!(
            world.act(Merchant, "t1", address(text)),
            Err(Rejection::TextInvalid {
                field: "address",
                why
            })
        );
    }
    assert_eq!(
        world.act(Merchant, "t1", address(&"路".repeat(301))),
        Err(Rejection::TextInvalid {
            field: "address",
            why: "is longer than 300 characters"
        })
    );
}

#[test]
fn the_shops_return_address_is_set_changed_and_removed_by_the_merchant_or_an_operator() {
    let id = mid(MERCHANT);
    let set = |address: &str| MerchantCommand::SetReturnAddress {
        address: address.to_owned(),
    };
    let decide = |state: Option<&crate::merchant::Merchant>, who: Who, command| {
        crate::merchant::decide(&id, state, &command, &who.actor(), t0(), shanghai_day(t0()))
    };
    let events = decide(None, Merchant, set("上海")).expect("set");
    let merchant = crate::merchant::apply(&id, None, &events[0]);
    assert_eq!(merchant.return_address.as_deref(), Some("上海"));
    assert_eq!(
        decide(Some(&merchant), Merchant, set(" 上海 ")),
        Err(Rejection::NoChange)
    );
    let events = decide(Some(&merchant), Operator, set("")).expect("removed");
    let merchant = crate::merchant::apply(&id, Some(merchant), &events[0]);
    assert_eq!(merchant.return_address, None);
    assert!(matches!(
        decide(Some(&merchant), OtherMerchant, set("x")),
        Err(Rejection::WrongActor { .. })
    ));
    assert!(matches!(
        decide(Some(&merchant), Buyer, set("x")),
        Err(Rejection::WrongActor { .. })
    ));
    assert_eq!(
        decide(Some(&merchant), Merchant, set("a\u{7}")),
        Err(Rejection::TextInvalid {
            field: "address",
            why: "must not contain control characters"
        })
    );
}
