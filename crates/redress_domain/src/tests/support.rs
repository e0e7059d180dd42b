//! The test harness: a `World` that drives the order aggregate through `decide` and `apply` on
//! a fake clock, named set-ups that bring ticket "t1" into each state, and `check`, the one
//! function table-driven cases go through.

use crate::buyer::BuyerProfile;
use crate::evidence::{Evidence, EvidenceKind};
use crate::merchant::{self, Merchant, MerchantCommand};
use crate::{
    Actor, BuyerId, Context, Currency, Deadline, ItemFlags, ItemId, LineRequest, MerchantId, Money,
    NewOrder, NewTicket, Order, OrderChange, OrderCommand, OrderEvent, OrderId, OrderItem,
    ParcelUpdate, Policy, ProductId, Reason, RejectGround, Rejection, Remedy, SignedDuration,
    Signer, StaffId, StateName, Ticket, TicketAction, TicketChange, TicketId, TicketKind,
    Timestamp, apply, decide,
};

/// The order's buyer, merchant, and the two items of the typical order.
pub const BUYER: &str = "b1";
pub const MERCHANT: &str = "m1";
/// 199.00 CNY: item i1 129.00 + item i2 70.00.
pub const PAID_MINOR: i64 = 19_900;
pub const ITEM1_MINOR: i64 = 12_900;
pub const ITEM2_MINOR: i64 = 7_000;

/// When every world starts: a Monday morning, UTC.
pub fn t0() -> Timestamp {
    "2026-03-02T08:00:00Z".parse().expect("a valid timestamp")
}

pub fn secs(seconds: i64) -> SignedDuration {
    SignedDuration::from_secs(seconds)
}

pub fn hours(hours: i64) -> SignedDuration {
    SignedDuration::from_hours(hours)
}

pub fn days(days: i64) -> SignedDuration {
    SignedDuration::from_hours(24 * days)
}

pub fn plus(at: Timestamp, duration: SignedDuration) -> Timestamp {
    at.checked_add(duration).expect("test times stay in range")
}

pub fn minus(at: Timestamp, duration: SignedDuration) -> Timestamp {
    at.checked_sub(duration).expect("test times stay in range")
}

pub fn cny(minor: i64) -> Money {
    Money::new(minor, Currency::CNY).expect("a valid amount")
}

pub fn usd(minor: i64) -> Money {
    Money::new(minor, Currency::parse("USD").expect("a currency")).expect("a valid amount")
}

pub fn tid(raw: &str) -> TicketId {
    TicketId::parse(raw).expect("a valid ticket id")
}

pub fn iid(raw: &str) -> ItemId {
    ItemId::parse(raw).expect("a valid item id")
}

pub fn mid(raw: &str) -> MerchantId {
    MerchantId::parse(raw).expect("a valid merchant id")
}

pub fn bid(raw: &str) -> BuyerId {
    BuyerId::parse(raw).expect("a valid buyer id")
}

pub fn pid(raw: &str) -> ProductId {
    ProductId::parse(raw).expect("a valid product id")
}

/// Everyone who may try something, relative to the typical order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    /// b1, the order's buyer.
    Buyer,
    /// b2, somebody else's buyer account.
    OtherBuyer,
    /// m1, the order's shop.
    Merchant,
    /// m2, another shop.
    OtherMerchant,
    Arbitrator,
    Operator,
    Integration,
    System,
}

impl Who {
    pub const ALL: [Who; 8] = [
        Who::Buyer,
        Who::OtherBuyer,
        Who::Merchant,
        Who::OtherMerchant,
        Who::Arbitrator,
        Who::Operator,
        Who::Integration,
        Who::System,
    ];

    pub fn actor(self) -> Actor {
        match self {
            Who::Buyer => Actor::Buyer(bid(BUYER)),
            Who::OtherBuyer => Actor::Buyer(bid("b2")),
            Who::Merchant => Actor::Merchant(mid(MERCHANT)),
            Who::OtherMerchant => Actor::Merchant(mid("m2")),
            Who::Arbitrator => Actor::Arbitrator(StaffId::parse("cs1").expect("an id")),
            Who::Operator => Actor::Operator(StaffId::parse("ops1").expect("an id")),
            Who::Integration => Actor::Integration,
            Who::System => Actor::System,
        }
    }
}

pub fn item(id: &str, product: &str, category: &str, minor: i64) -> OrderItem {
    OrderItem {
        id: iid(id),
        product: pid(product),
        category: category.to_owned(),
        quantity: 1,
        amount: cny(minor),
        flags: ItemFlags {
            seven_day_return: true,
            custom: false,
            virtual_goods: false,
        },
    }
}

/// Order o1 of shop m1 for buyer b1: i1 (p1, apparel, 129.00) and i2 (p2, shoes, 70.00),
/// 199.00 CNY paid at t0, both items eligible for seven-day returns.
pub fn typical_order() -> NewOrder {
    NewOrder {
        id: OrderId::parse("o1").expect("an id"),
        merchant: mid(MERCHANT),
        buyer: bid(BUYER),
        items: vec![
            item("i1", "p1", "apparel", ITEM1_MINOR),
            item("i2", "p2", "shoes", ITEM2_MINOR),
        ],
        paid: cny(PAID_MINOR),
        paid_at: t0(),
        creator: None,
        shipping_fee: cny(0),
        freight_insurance: false,
    }
}

/// The typical order with quantities (issue 18): i1 is 3 units for 129.00 (43.00 each) and
/// i2 2 units for 70.00 (35.00 each), the same 199.00 paid, so amounts asked of the typical
/// order fit it too.
pub fn order_with_quantities() -> NewOrder {
    let mut order = typical_order();
    order.items[0].quantity = 3;
    order.items[1].quantity = 2;
    order
}

/// Order o1 of three cups (杯子) paid 100.00 in all: units of 33.33, the last one 33.34.
pub const CUPS_MINOR: i64 = 10_000;
pub fn cups_order() -> NewOrder {
    let mut order = typical_order();
    order.items = vec![
        OrderItem {
            quantity: 3,
            ..item("i1", "p1", "kitchen", CUPS_MINOR)
        },
        item("i2", "p2", "shoes", ITEM2_MINOR),
    ];
    order.paid = cny(CUPS_MINOR + ITEM2_MINOR);
    order
}

/// The typical order with another paid amount, split over the two items.
pub fn order_paying(paid_minor: i64) -> NewOrder {
    let mut order = typical_order();
    order.items[0].amount = cny(paid_minor - paid_minor / 3);
    order.items[1].amount = cny(paid_minor / 3);
    order.paid = cny(paid_minor);
    order
}

/// The shipping fee of [`with_shipping_fee`]'s tests: 10.00.
pub const SHIPPING_FEE_MINOR: i64 = 1_000;

/// `order` with a shipping fee of `fee_minor` on top of its lines (paid grows by it) and
/// freight insurance bought or not (issue 18).
pub fn with_shipping_fee(mut order: NewOrder, fee_minor: i64, insured: bool) -> NewOrder {
    order.shipping_fee = cny(fee_minor);
    order.paid = cny(order.paid.minor() + fee_minor);
    order.freight_insurance = insured;
    order
}

/// A request on the whole order; adjust `items` and `evidence` as needed.
pub fn request(id: &str, kind: TicketKind, reason: Reason, minor: i64) -> NewTicket {
    NewTicket {
        id: tid(id),
        kind,
        reason,
        amount: Some(cny(minor)),
        items: Vec::new(),
        description: "please help".to_owned(),
        evidence: Vec::new(),
    }
}

/// The request asking `minor` instead: a request on some items asks at most what they were
/// paid.
pub fn asking(mut new: NewTicket, minor: i64) -> NewTicket {
    new.amount = Some(cny(minor));
    new
}

/// The request on whole lines: every unit still open on each.
pub fn on_items(mut new: NewTicket, items: &[&str]) -> NewTicket {
    new.items = items.iter().map(|i| LineRequest::whole(iid(i))).collect();
    new
}

/// The request on lines and quantities: `(item, units)`.
pub fn on_units(mut new: NewTicket, lines: &[(&str, u32)]) -> NewTicket {
    new.items = lines
        .iter()
        .map(|(i, q)| LineRequest::units(iid(i), *q))
        .collect();
    new
}

/// The request asking what its units are worth (no amount given).
pub fn worth(mut new: NewTicket) -> NewTicket {
    new.amount = None;
    new
}

pub fn with_evidence(mut new: NewTicket, kinds: &[EvidenceKind]) -> NewTicket {
    new.evidence = evidence(kinds);
    new
}

pub fn piece(kind: EvidenceKind) -> Evidence {
    Evidence {
        kind,
        reference: format!("sha256:{}", kind.as_str()),
        note: String::new(),
    }
}

pub fn evidence(kinds: &[EvidenceKind]) -> Vec<Evidence> {
    kinds.iter().map(|&k| piece(k)).collect()
}

/// A buyer who passes every trust test by a wide margin.
pub fn trusted_buyer(now: Timestamp) -> BuyerProfile {
    BuyerProfile {
        id: bid(BUYER),
        account_created_at: minus(now, days(365)),
        completed_orders: 10,
        orders_90d: 10,
        refunds_90d: 1,
        abuse_restricted: false,
        version: 1,
    }
}

// Actions, so tables read as sentences.

pub fn reject(ground: RejectGround, kinds: &[EvidenceKind]) -> TicketAction {
    TicketAction::Reject {
        ground,
        reason: "the request is unfounded".to_owned(),
        evidence: evidence(kinds),
    }
}

pub fn propose(remedy: Remedy) -> TicketAction {
    TicketAction::ProposeRemedy {
        remedy,
        note: "we can offer this".to_owned(),
    }
}

pub fn compensation(minor: i64) -> Remedy {
    Remedy::PartialCompensation { amount: cny(minor) }
}

pub fn escalate() -> TicketAction {
    TicketAction::Escalate {
        note: "the merchant is wrong".to_owned(),
        evidence: evidence(&[EvidenceKind::Photos]),
    }
}

pub fn edit(kind: TicketKind, reason: Reason, minor: i64) -> TicketAction {
    TicketAction::Edit {
        kind,
        reason,
        amount: cny(minor),
        items: Vec::new(),
        description: "resubmitted".to_owned(),
        evidence: Vec::new(),
    }
}

pub fn add_evidence(kind: EvidenceKind) -> TicketAction {
    TicketAction::AddEvidence {
        evidence: piece(kind),
    }
}

pub fn ship_return() -> TicketAction {
    TicketAction::ShipReturn {
        tracking: "YT2001".to_owned(),
    }
}

pub fn ship_replacement() -> TicketAction {
    TicketAction::ShipReplacement {
        tracking: "SF3001".to_owned(),
    }
}

pub fn refund_succeeded() -> TicketAction {
    TicketAction::RefundSucceeded {
        payment_reference: "PAY-1".to_owned(),
    }
}

pub fn refund_failed() -> TicketAction {
    TicketAction::RefundFailed {
        reason: "bank timeout".to_owned(),
    }
}

pub fn event_names(events: &[OrderEvent]) -> Vec<&'static str> {
    events.iter().map(|e| e.change.name()).collect()
}

/// The ticket changes among `events`, in order.
pub fn ticket_changes(events: &[OrderEvent]) -> Vec<&TicketChange> {
    events
        .iter()
        .filter_map(|e| match &e.change {
            OrderChange::Ticket { change, .. } => Some(change),
            _ => None,
        })
        .collect()
}

/// One order on a fake clock with the settings `decide` may look at. `exec` decides, applies
/// every event and keeps it, so `events` is the order's whole stream.
#[derive(Clone, Debug)]
pub struct World {
    pub order: Option<Order>,
    pub policy: Policy,
    pub merchant: Option<Merchant>,
    pub buyer: Option<BuyerProfile>,
    pub now: Timestamp,
    pub events: Vec<OrderEvent>,
    /// The stored policy version decisions are made under; 0 (not stored) unless a test
    /// sets it.
    pub policy_version: u64,
}

impl World {
    /// No order yet; shop m1 exists with default settings; buyer b1 has no trust profile.
    pub fn empty() -> World {
        World {
            order: None,
            policy: Policy::default(),
            merchant: Some(Merchant::new(mid(MERCHANT))),
            buyer: None,
            now: t0(),
            events: Vec::new(),
            policy_version: 0,
        }
    }

    /// The typical order, placed and unshipped.
    pub fn new() -> World {
        World::placing(typical_order())
    }

    pub fn placing(order: NewOrder) -> World {
        let mut world = World::empty();
        world
            .exec(&Actor::Integration, &OrderCommand::Place(order))
            .expect("the order is placed");
        world
    }

    /// The typical order, shipped, in transit and delivered to `signer` one hour ago.
    pub fn delivered_to(signer: Signer) -> World {
        let mut world = World::new();
        world.advance(hours(1));
        world.ship();
        world.advance(hours(1));
        world.must_parcel(ParcelUpdate::InTransit);
        world.advance(hours(24));
        world.must_parcel(ParcelUpdate::Delivered { signer });
        world.advance(hours(1));
        world
    }

    pub fn delivered() -> World {
        World::delivered_to(Signer::Buyer)
    }

    pub fn with_trusted_buyer(mut self) -> World {
        self.buyer = Some(trusted_buyer(self.now));
        self
    }

    pub fn context(&self) -> Context<'_> {
        Context {
            now: self.now,
            policy: &self.policy,
            merchant: self.merchant.as_ref(),
            buyer: self.buyer.as_ref(),
            policy_version: self.policy_version,
        }
    }

    pub fn exec(
        &mut self,
        actor: &Actor,
        command: &OrderCommand,
    ) -> Result<Vec<OrderEvent>, Rejection> {
        let events = decide(self.order.as_ref(), command, actor, &self.context())?;
        for event in &events {
            self.order = Some(apply(self.order.take(), event));
        }
        self.events.extend(events.iter().cloned());
        Ok(events)
    }

    pub fn act(
        &mut self,
        who: Who,
        ticket: &str,
        action: TicketAction,
    ) -> Result<Vec<OrderEvent>, Rejection> {
        self.act_versioned(who, ticket, None, action)
    }

    pub fn act_versioned(
        &mut self,
        who: Who,
        ticket: &str,
        expected_version: Option<u64>,
        action: TicketAction,
    ) -> Result<Vec<OrderEvent>, Rejection> {
        let command = OrderCommand::Ticket {
            ticket: tid(ticket),
            expected_version,
            action,
        };
        self.exec(&who.actor(), &command)
    }

    /// `act`, and the step must be accepted.
    #[track_caller]
    pub fn must(&mut self, who: Who, ticket: &str, action: TicketAction) -> Vec<OrderEvent> {
        let name = action.name();
        match self.act(who, ticket, action) {
            Ok(events) => events,
            Err(r) => panic!("{name} by {who:?} on {ticket} refused: {} ({r})", r.code()),
        }
    }

    pub fn open(&mut self, new: NewTicket) -> Result<Vec<OrderEvent>, Rejection> {
        self.exec(&Who::Buyer.actor(), &OrderCommand::OpenTicket(new))
    }

    #[track_caller]
    pub fn must_open(&mut self, new: NewTicket) -> Vec<OrderEvent> {
        let id = new.id.clone();
        match self.open(new) {
            Ok(events) => events,
            Err(r) => panic!("opening {id} refused: {} ({r})", r.code()),
        }
    }

    pub fn parcel(&mut self, update: ParcelUpdate) -> Result<Vec<OrderEvent>, Rejection> {
        self.exec(&Actor::Integration, &OrderCommand::single_parcel(update))
    }

    #[track_caller]
    pub fn must_parcel(&mut self, update: ParcelUpdate) -> Vec<OrderEvent> {
        let name = update.as_str();
        match self.parcel(update) {
            Ok(events) => events,
            Err(r) => panic!("parcel update {name} refused: {} ({r})", r.code()),
        }
    }

    /// Logistics shows the tracking number SF1001.
    pub fn ship(&mut self) -> Vec<OrderEvent> {
        self.must_parcel(ParcelUpdate::TrackingEntered {
            tracking: "SF1001".to_owned(),
            items: Vec::new(),
        })
    }

    /// Apply a merchant command to the world's shop, as the shop's own staff or an operator.
    #[track_caller]
    pub fn merchant_command(&mut self, who: Who, command: MerchantCommand) {
        let id = mid(MERCHANT);
        let events = merchant::decide(
            &id,
            self.merchant.as_ref(),
            &command,
            &who.actor(),
            self.now,
            shanghai_day(self.now),
        )
        .unwrap_or_else(|r| panic!("merchant command refused: {}", r.code()));
        for event in &events {
            self.merchant = Some(merchant::apply(&id, self.merchant.take(), event));
        }
    }

    pub fn advance(&mut self, by: SignedDuration) {
        self.now = plus(self.now, by);
    }

    pub fn advance_to(&mut self, at: Timestamp) {
        assert!(at >= self.now, "the clock never goes back");
        self.now = at;
    }

    /// Fire every deadline that is due now, as the scheduler would, until none is left.
    pub fn fire_due(&mut self) -> Vec<OrderEvent> {
        let mut fired = Vec::new();
        // A firing may set a new deadline that is already due; a few rounds settle it.
        for _ in 0..10 {
            let due: Vec<(TicketId, Deadline)> = self
                .order
                .iter()
                .flat_map(|o| o.tickets.values())
                .filter_map(|t| {
                    t.deadline()
                        .filter(|d| d.due_at <= self.now)
                        .map(|d| (t.id.clone(), d))
                })
                .collect();
            if due.is_empty() {
                return fired;
            }
            for (ticket, deadline) in due {
                let command = OrderCommand::Ticket {
                    ticket: ticket.clone(),
                    expected_version: None,
                    action: TicketAction::FireDeadline {
                        kind: deadline.kind,
                        due_at: deadline.due_at,
                    },
                };
                match self.exec(&Actor::System, &command) {
                    Ok(events) => fired.extend(events),
                    Err(r) => panic!("due deadline {deadline:?} of {ticket} refused: {r}"),
                }
            }
        }
        panic!("deadlines kept falling due")
    }

    pub fn order(&self) -> &Order {
        self.order.as_ref().expect("the order was placed")
    }

    #[track_caller]
    pub fn ticket(&self, id: &str) -> &Ticket {
        self.order()
            .tickets
            .get(&tid(id))
            .unwrap_or_else(|| panic!("no ticket {id}"))
    }

    pub fn state(&self, id: &str) -> StateName {
        self.ticket(id).state.name()
    }

    #[track_caller]
    pub fn deadline(&self, id: &str) -> Deadline {
        self.ticket(id)
            .deadline()
            .unwrap_or_else(|| panic!("ticket {id} has no deadline"))
    }

    /// The FireDeadline action for the ticket's current deadline.
    pub fn fire_action(&self, id: &str) -> TicketAction {
        let deadline = self.deadline(id);
        TicketAction::FireDeadline {
            kind: deadline.kind,
            due_at: deadline.due_at,
        }
    }
}

/// Named worlds with ticket "t1" in a given state. Each step is an hour or more apart, and the
/// last step is the one that set the ticket's current deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setup {
    /// Refund only, "don't want", whole order, unshipped.
    Requested,
    /// Refund only, "logistics stalled", the parcel in transit.
    RequestedInTransit,
    /// Return and refund, "quality problem" with photos, delivered.
    RequestedReturn,
    RequestedExchange,
    RequestedRepair,
    /// Reship missing items, delivered.
    RequestedReship,
    /// `RequestedReturn` with a proposal of 50.00 partial compensation.
    Proposed,
    /// `RequestedInTransit`, approved after refusal.
    AwaitingRefusal,
    /// `RequestedReturn`, approved.
    AwaitingReturn,
    /// `AwaitingReturn`, return shipped (YT2001) a day later.
    ReturnInTransit,
    /// `ReturnInTransit`, signed two days later.
    ReturnReceived,
    /// `RequestedReship`, approved.
    AwaitingMerchantShipment,
    /// `AwaitingMerchantShipment`, shipped (SF3001).
    ReplacementInTransit,
    /// `Requested`, rejected with the chat records.
    Rejected,
    /// `Rejected`, escalated a day later with photos.
    InDispute,
    /// `InDispute`, evidence window closed.
    AwaitingVerdict,
    /// `InDispute`, settled by the merchant: refunding.
    Settled,
    /// `Requested`, approved: refunding 199.00.
    Refunding,
    /// `Refunding`, the first attempt failed: a retry is scheduled.
    RefundRetry,
    Refunded,
    /// `ReplacementInTransit`, delivered.
    Completed,
    /// `Requested`, cancelled by the buyer.
    Closed,
}

impl Setup {
    pub fn build(self) -> World {
        use EvidenceKind::*;
        use Who::*;
        let step = |setup: Setup, who: Who, action: TicketAction| {
            let mut world = setup.build();
            world.advance(hours(1));
            world.must(who, "t1", action);
            world
        };
        match self {
            Setup::Requested => {
                let mut world = World::new();
                world.advance(hours(1));
                world.must_open(request(
                    "t1",
                    TicketKind::RefundOnly,
                    Reason::DontWant,
                    PAID_MINOR,
                ));
                world
            }
            Setup::RequestedInTransit => {
                let mut world = World::new();
                world.advance(hours(1));
                world.ship();
                world.advance(hours(1));
                world.must_parcel(ParcelUpdate::InTransit);
                world.advance(hours(1));
                world.must_open(request(
                    "t1",
                    TicketKind::RefundOnly,
                    Reason::LogisticsStalled,
                    PAID_MINOR,
                ));
                world
            }
            Setup::RequestedReturn
            | Setup::RequestedExchange
            | Setup::RequestedRepair
            | Setup::RequestedReship => {
                let (kind, reason) = match self {
                    Setup::RequestedReturn => (TicketKind::ReturnAndRefund, Reason::QualityProblem),
                    Setup::RequestedExchange => (TicketKind::Exchange, Reason::QualityProblem),
                    Setup::RequestedRepair => (TicketKind::Repair, Reason::QualityProblem),
                    _ => (TicketKind::Reship, Reason::MissingItems),
                };
                let mut world = World::delivered();
                world.must_open(with_evidence(
                    request("t1", kind, reason, PAID_MINOR),
                    &[Photos],
                ));
                world
            }
            Setup::Proposed => step(
                Setup::RequestedReturn,
                Merchant,
                propose(compensation(5_000)),
            ),
            Setup::AwaitingRefusal => step(
                Setup::RequestedInTransit,
                Merchant,
                TicketAction::ApproveAfterRefusal,
            ),
            Setup::AwaitingReturn => step(Setup::RequestedReturn, Merchant, TicketAction::Approve),
            Setup::ReturnInTransit => {
                let mut world = Setup::AwaitingReturn.build();
                world.advance(hours(24));
                world.must(Buyer, "t1", ship_return());
                world
            }
            Setup::ReturnReceived => {
                let mut world = Setup::ReturnInTransit.build();
                world.advance(hours(48));
                world.must(Integration, "t1", TicketAction::ReturnSigned);
                world
            }
            Setup::AwaitingMerchantShipment => {
                step(Setup::RequestedReship, Merchant, TicketAction::Approve)
            }
            Setup::ReplacementInTransit => step(
                Setup::AwaitingMerchantShipment,
                Merchant,
                ship_replacement(),
            ),
            Setup::Rejected => {
                let mut world = Setup::Requested.build();
                world.advance(hours(2));
                world.must(
                    Merchant,
                    "t1",
                    reject(RejectGround::Request, &[ChatRecords]),
                );
                world
            }
            Setup::InDispute => {
                let mut world = Setup::Rejected.build();
                world.advance(hours(24));
                world.must(Buyer, "t1", escalate());
                world
            }
            Setup::AwaitingVerdict => {
                let mut world = Setup::InDispute.build();
                world.advance(hours(48));
                world.fire_due();
                world
            }
            Setup::Settled => step(Setup::InDispute, Merchant, TicketAction::SettleDispute),
            Setup::Refunding => step(Setup::Requested, Merchant, TicketAction::Approve),
            Setup::RefundRetry => step(Setup::Refunding, Integration, refund_failed()),
            Setup::Refunded => step(Setup::Refunding, Integration, refund_succeeded()),
            Setup::Completed => step(
                Setup::ReplacementInTransit,
                Integration,
                TicketAction::ReplacementDelivered,
            ),
            Setup::Closed => step(Setup::Requested, Buyer, TicketAction::Cancel),
        }
    }
}

/// What one step on ticket "t1" is expected to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Accepted: the ticket ends in this state, and the step emitted exactly these events.
    To(StateName, &'static [&'static str]),
    /// Refused with this `Rejection::code()`; nothing changed.
    Refused(&'static str),
}

/// Builds the action from the world it will run in (a deadline action needs the deadline).
pub type ActionFn = fn(&World) -> TicketAction;

/// One row of a lifecycle table: from a set-up, somebody does something to "t1".
#[derive(Clone, Copy)]
pub struct Case {
    pub setup: Setup,
    pub who: Who,
    pub action: ActionFn,
    pub expect: Expect,
}

/// Run one step against a world and compare with the expectation; a refusal must leave the
/// order exactly as it was.
pub fn expect_step(
    world: &mut World,
    who: Who,
    ticket: &str,
    action: TicketAction,
    expect: Expect,
) -> Result<Result<Vec<OrderEvent>, Rejection>, String> {
    let name = action.name();
    let before = world.order.clone();
    let result = world.act(who, ticket, action);
    match (expect, &result) {
        (Expect::To(state, names), Ok(events)) => {
            let got = event_names(events);
            if got != names {
                return Err(format!(
                    "{name} by {who:?}: events {got:?}, expected {names:?}"
                ));
            }
            let now = world.state(ticket);
            if now != state {
                return Err(format!(
                    "{name} by {who:?}: ended {now:?}, expected {state:?}"
                ));
            }
        }
        (Expect::Refused(code), Err(rejection)) => {
            if rejection.code() != code {
                return Err(format!(
                    "{name} by {who:?}: refused with {} ({rejection}), expected {code}",
                    rejection.code()
                ));
            }
            if world.order != before {
                return Err(format!("{name} by {who:?}: a refusal changed the order"));
            }
        }
        (Expect::To(state, _), Err(rejection)) => {
            return Err(format!(
                "{name} by {who:?}: refused with {} ({rejection}), expected {state:?}",
                rejection.code()
            ));
        }
        (Expect::Refused(code), Ok(events)) => {
            return Err(format!(
                "{name} by {who:?}: accepted with {:?}, expected {code}",
                event_names(events)
            ));
        }
    }
    Ok(result)
}

/// Run one case; `Err` describes how it went wrong.
pub fn run(case: &Case) -> Result<World, String> {
    let mut world = case.setup.build();
    let action = (case.action)(&world);
    expect_step(&mut world, case.who, "t1", action, case.expect)
        .map(|_| ())
        .map_err(|why| format!("{:?}: {why}", case.setup))?;
    Ok(world)
}

/// The one entry point of table-driven tests: run every case, report every failure at once.
#[track_caller]
pub fn check(cases: &[Case]) {
    let failures: Vec<String> = cases.iter().filter_map(|c| run(c).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Collect failures of a hand-written table the same way `check` does.
#[track_caller]
pub fn assert_no_failures(total: usize, failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        total,
        failures.join("\n")
    );
}

/// The platform day of `at` (the default policy's time zone).
pub fn shanghai_day(at: Timestamp) -> crate::Date {
    crate::metrics::day::day_of(
        at,
        &jiff::tz::TimeZone::get("Asia/Shanghai").expect("a known time zone"),
    )
}
