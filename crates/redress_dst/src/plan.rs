//! The workload: every step of a world drawn from its seed before the run starts.
//!
//! Steps name orders, tickets, merchants and buyers by small slot numbers, resolved to ids
//! when the step runs, so that any subset of a plan still runs (a step on an order never
//! placed is refused like any other command on a missing order). That is what lets
//! `--shrink` drop steps without changing what the others draw.

use redress_sim::rng::{Rng, Stream};

/// Merchants in a world: few, so that their orders meet.
pub const MERCHANTS: u64 = 3;
/// Buyers in a world.
pub const BUYERS: u64 = 4;
/// Order slots of an era: few, so that most steps hit an order that exists.
pub const ORDERS: u64 = 12;
/// Steps of an era. Each era works on orders of its own (slots `era × ORDERS` onwards, with
/// a tenth of its steps on the previous era's orders: late, repeated and out-of-order
/// traffic), so that a long world keeps placing, shipping and disputing orders instead of
/// spending its later steps refused on orders whose lives are over. A world of at most one
/// era draws the same plan as before eras existed.
pub const ERA_STEPS: usize = 100;

/// Order slots a world of `steps` steps may name.
pub fn order_slots(steps: usize) -> u64 {
    ORDERS * (1 + steps.saturating_sub(1) / ERA_STEPS) as u64
}
/// Ticket slots per order.
pub const TICKETS: u64 = 3;
/// The order slots most guided moves go to.
pub const GUIDED_FOCUS: u64 = 3;

/// Text that must be refused or stored exactly: control characters, NUL, very long,
/// mixed scripts and direction marks.
pub const HOSTILE_TEXT: &[&str] = &[
    "bad\0nul",
    "bell\u{7}\u{1b}[2J",
    "line\nbreak\r\n",
    "\u{202e}evil\u{202c}",
    "",
    "   ",
    "退款 please ✓",
];

/// Who sends a step's command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    /// The order's own buyer.
    Buyer,
    /// The order's own merchant.
    Merchant,
    /// A merchant the order does not belong to: must never act on it.
    OtherMerchant,
    /// A buyer the order does not belong to.
    OtherBuyer,
    Arbitrator,
    Operator,
    Integration,
    System,
}

/// What a ticket step does (the domain's `TicketAction`, with amounts and texts drawn).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Act {
    Approve,
    ApproveAfterRefusal,
    Reject {
        ground: u8,
        reason: Text,
    },
    ProposeRemedy {
        remedy: u8,
        amount: i64,
    },
    AcceptRemedy,
    DeclineRemedy,
    Edit {
        kind: u8,
        reason: u8,
        amount: i64,
        text: Text,
    },
    Cancel,
    ShipReturn {
        tracking: Text,
    },
    Escalate {
        note: Text,
    },
    CancelDispute,
    ReturnInTransit,
    ReturnSigned,
    ConfirmReturn,
    ShipReplacement {
        tracking: Text,
    },
    ReplacementDelivered,
    AddEvidence {
        kind: u8,
    },
    SettleDispute,
    GiveVerdict {
        responsibility: u8,
        outcome: u8,
        amount: i64,
    },
    Recheck {
        responsibility: u8,
    },
    RefundSucceeded {
        reference: Text,
    },
    RefundFailed {
        reason: Text,
    },
    RetryRefund,
    FireDeadline {
        kind: u8,
        offset_hours: i64,
    },
}

/// A piece of free text: an ordinary one, or one of [`HOSTILE_TEXT`], or a very long one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    Plain(u64),
    Hostile(u8),
    Long(u32),
}

impl Text {
    pub fn render(&self) -> String {
        match self {
            Text::Plain(n) => format!("text {n}"),
            Text::Hostile(i) => HOSTILE_TEXT[*i as usize % HOSTILE_TEXT.len()].to_owned(),
            Text::Long(n) => "长".repeat(*n as usize),
        }
    }
}

/// Logistics and payment facts, which arrive late, twice, or out of order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parcel {
    Tracking(Text),
    InTransit,
    Delivered(u8),
    Refused,
    ReturnedToSender,
    Intercepted,
}

/// A fault the seed puts on a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The step's commit fails and writes nothing; the command is then submitted again with
    /// the same idempotency key.
    FailCommit,
    /// The step's commit is held for a while (the writer is yielded to many times) and then
    /// completes.
    SlowCommit(u16),
    /// The process dies after the commit and before the answer is read: the engine is
    /// dropped, a new one starts on the same database with a cold cache, and the command is
    /// retried with its key.
    CrashAfterCommit,
}

/// One step of a world.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    Place {
        order: u64,
        /// Placed for a merchant other than the slot's own: the same platform id for two
        /// merchants, which must be refused.
        foreign: bool,
        paid: i64,
        /// Hours from the clock's time to the payment (negative: in the past).
        paid_offset_hours: i64,
    },
    Parcel {
        order: u64,
        /// Which parcel (拆单发货): 0 and 1 are parcels "1" and "2"; 2 is "9", which a
        /// guided run never ships, so its news is mostly refused (`parcel_out_of_order`).
        parcel: u8,
        who: Who,
        update: Parcel,
    },
    Open {
        order: u64,
        ticket: u64,
        who: Who,
        kind: u8,
        reason: u8,
        amount: i64,
        whole_order: bool,
        text: Text,
    },
    Ticket {
        order: u64,
        ticket: u64,
        who: Who,
        /// `Some(d)`: send `If-Match` as the ticket's version minus `d` (0: current).
        version_lag: Option<u64>,
        act: Act,
    },
    Merchant {
        merchant: u64,
        who: Who,
        act: MerchantAct,
    },
    /// Put a new policy version in force, with this merchant response time.
    Policy { response_hours: u32 },
    /// Move the clock (and fire what falls due on the way).
    Advance { minutes: i64 },
    /// Run the weekly evaluation for today, as an operator's request does.
    Evaluate,
    /// Drop one engine and start it again from the store (cold cache).
    Restart { engine: u8 },
    /// Ticket moves by their usual party, drawn (from stream `draws` of the seed) until one
    /// is accepted, at most [`BURST_MAX`].
    Burst { order: u64, ticket: u64, draws: u64 },
    /// A move the order's current state allows, chosen when the step runs
    /// ([`crate::guide::choose`], from `pick`): place it, ship it, open a ticket, or take the
    /// ticket's next step by the party whose turn it is, or wait for its deadline.
    Guided { order: u64, pick: u64 },
    /// Two guided moves on one order, chosen from the same state and submitted at once (to
    /// two instances when there are two): where both address the same stream and version,
    /// at most one may win, and the loser writes nothing.
    Race { order: u64, picks: [u64; 2] },
    /// A webhook receiver starts answering this way (until the next change).
    Receiver { receiver: u8, mode: Receive },
    /// Run a webhook delivery round at the clock's time.
    Deliver,
}

/// How a simulated webhook receiver answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Receive {
    /// 200: delivered.
    Up,
    /// An error status: nothing delivered.
    Failing(u16),
    /// The receiver takes the message but its answer never comes back (a time-out): the
    /// delivery is retried, so the receiver sees the message again.
    TimingOut,
    /// Nothing listens: no answer, nothing received.
    Down,
}

/// Webhook receivers in a world: 0 is platform-wide and takes every type; 1..=MERCHANTS each
/// belong to one merchant and take `ticket.*` and `refund.*`.
pub const RECEIVERS: u64 = 1 + MERCHANTS;

/// Most moves a [`Op::Burst`] tries.
pub const BURST_MAX: usize = 12;

/// A merchant-stream step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MerchantAct {
    SetFastRefund(bool),
    Close(Text),
    Restore,
    Exclude(bool),
    Appeal(Text),
}

/// A step with the engine instance that runs it, its idempotency key and its fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub op: Op,
    /// Which engine instance submits it (always 0 with one instance).
    pub engine: u8,
    /// `Some(k)`: the command carries key `k{k}`; small numbers, so keys are reused,
    /// by the same command (a retry) and by different ones.
    pub key: Option<u64>,
    pub fault: Option<Fault>,
}

/// Draw `steps` steps for a world of `engines` instances.
pub fn plan(seed: u64, steps: usize, engines: u8) -> Vec<Step> {
    let mut rng = Rng::stream(seed, Stream::Day, 0xd57);
    (0..steps)
        .map(|n| step(&mut rng, engines, n / ERA_STEPS))
        .collect()
}

fn pick<T: Copy>(rng: &mut Rng, from: &[T]) -> T {
    from[rng.below(from.len() as u64) as usize]
}

fn text(rng: &mut Rng) -> Text {
    match rng.below(10) {
        0..=6 => Text::Plain(rng.below(1000)),
        7 | 8 => Text::Hostile(rng.below(HOSTILE_TEXT.len() as u64) as u8),
        _ => Text::Long(pick(rng, &[200, 1001, 5000])),
    }
}

/// An amount in minor units: usually ordinary, sometimes at or past every limit.
fn amount(rng: &mut Rng) -> i64 {
    match rng.below(12) {
        0 => 0,
        1 => -1,
        2 => i64::MAX,
        3 => i64::MIN,
        4 => 1,
        _ => 100 * (1 + rng.below(600) as i64),
    }
}

fn who(rng: &mut Rng, usual: Who) -> Who {
    if rng.chance(0.8) {
        usual
    } else {
        pick(
            rng,
            &[
                Who::Buyer,
                Who::Merchant,
                Who::OtherMerchant,
                Who::OtherBuyer,
                Who::Arbitrator,
                Who::Operator,
                Who::Integration,
                Who::System,
            ],
        )
    }
}

/// A ticket move with the party that usually makes it.
pub fn act(rng: &mut Rng) -> (Who, Act) {
    match rng.below(24) {
        0 | 1 => (Who::Merchant, Act::Approve),
        2 => (Who::Merchant, Act::ApproveAfterRefusal),
        3 | 4 => (
            Who::Merchant,
            Act::Reject {
                ground: rng.below(3) as u8,
                reason: text(rng),
            },
        ),
        5 => (
            Who::Merchant,
            Act::ProposeRemedy {
                remedy: rng.below(4) as u8,
                amount: amount(rng),
            },
        ),
        6 => (Who::Buyer, Act::AcceptRemedy),
        7 => (Who::Buyer, Act::DeclineRemedy),
        8 => (
            Who::Buyer,
            Act::Edit {
                // Six kinds: the return-shipping claim (issue 18) is mostly refused
                // (`claim_not_applicable`), sometimes valid after a merchant-borne return.
                kind: rng.below(6) as u8,
                reason: rng.below(11) as u8,
                amount: amount(rng),
                text: text(rng),
            },
        ),
        9 => (Who::Buyer, Act::Cancel),
        10 | 11 => (
            Who::Buyer,
            Act::ShipReturn {
                tracking: text(rng),
            },
        ),
        12 => (Who::Buyer, Act::Escalate { note: text(rng) }),
        13 => (Who::Buyer, Act::CancelDispute),
        14 => (Who::Integration, Act::ReturnInTransit),
        15 => (Who::Integration, Act::ReturnSigned),
        16 => (Who::Merchant, Act::ConfirmReturn),
        17 => (
            Who::Merchant,
            Act::ShipReplacement {
                tracking: text(rng),
            },
        ),
        18 => (Who::Integration, Act::ReplacementDelivered),
        19 => (
            Who::Buyer,
            Act::AddEvidence {
                kind: rng.below(9) as u8,
            },
        ),
        20 => (
            Who::Arbitrator,
            if rng.chance(0.3) {
                Act::Recheck {
                    responsibility: rng.below(4) as u8,
                }
            } else if rng.chance(0.2) {
                Act::SettleDispute
            } else {
                Act::GiveVerdict {
                    responsibility: rng.below(4) as u8,
                    outcome: rng.below(3) as u8,
                    amount: amount(rng),
                }
            },
        ),
        21 => (
            Who::Integration,
            if rng.chance(0.6) {
                Act::RefundSucceeded {
                    reference: text(rng),
                }
            } else {
                Act::RefundFailed { reason: text(rng) }
            },
        ),
        22 => (Who::Operator, Act::RetryRefund),
        _ => (
            Who::System,
            Act::FireDeadline {
                kind: rng.below(9) as u8,
                offset_hours: rng.below(200) as i64 - 100,
            },
        ),
    }
}

fn step(rng: &mut Rng, engines: u8, era: usize) -> Step {
    let era = era as u64;
    let base = match era {
        0 => 0,
        _ if rng.chance(0.1) => (era - 1) * ORDERS,
        _ => era * ORDERS,
    };
    let order = base + rng.below(ORDERS);
    let op = match rng.below(100) {
        0..=4 => Op::Place {
            order,
            foreign: rng.chance(0.05),
            paid: if rng.chance(0.9) {
                100 * (1 + rng.below(1000) as i64)
            } else {
                amount(rng)
            },
            paid_offset_hours: match rng.below(20) {
                0 => 24 * 365 * 300,
                1 => -24 * 365 * 300,
                2 => 24 * 30,
                _ => -(rng.below(72) as i64),
            },
        },
        5..=9 => Op::Parcel {
            order,
            parcel: match rng.below(10) {
                0..=5 => 0,
                6..=8 => 1,
                _ => 2,
            },
            who: who(rng, Who::Integration),
            update: match rng.below(8) {
                0 | 1 => Parcel::Tracking(text(rng)),
                2 => Parcel::InTransit,
                3 | 4 => Parcel::Delivered(rng.below(4) as u8),
                5 => Parcel::Refused,
                6 => Parcel::ReturnedToSender,
                _ => Parcel::Intercepted,
            },
        },
        10..=14 => Op::Open {
            order,
            ticket: if rng.chance(0.7) {
                0
            } else {
                rng.below(TICKETS)
            },
            who: who(rng, Who::Buyer),
            kind: rng.below(6) as u8,
            reason: rng.below(11) as u8,
            amount: amount(rng),
            whole_order: rng.chance(0.7),
            text: text(rng),
        },
        15..=59 => Op::Guided {
            // Most guided moves stay on a few orders, so that their tickets get deep into
            // their lives within a short world.
            order: if rng.chance(0.7) {
                base + rng.below(GUIDED_FOCUS)
            } else {
                order
            },
            pick: rng.next_u64(),
        },
        60..=63 => Op::Burst {
            order,
            ticket: if rng.chance(0.7) {
                0
            } else {
                rng.below(TICKETS)
            },
            draws: rng.next_u64(),
        },
        64..=69 => {
            let (usual, act) = act(rng);
            Op::Ticket {
                order,
                ticket: rng.below(TICKETS),
                who: who(rng, usual),
                version_lag: match rng.below(6) {
                    0 => Some(0),
                    1 => Some(1 + rng.below(3)),
                    _ => None,
                },
                act,
            }
        }
        70..=73 => Op::Merchant {
            merchant: rng.below(MERCHANTS),
            who: pick(rng, &[Who::Merchant, Who::Operator, Who::OtherMerchant]),
            act: match rng.below(6) {
                0 => MerchantAct::SetFastRefund(rng.chance(0.5)),
                1 => MerchantAct::Close(text(rng)),
                2 | 3 => MerchantAct::Restore,
                4 => MerchantAct::Exclude(rng.chance(0.5)),
                _ => MerchantAct::Appeal(text(rng)),
            },
        },
        74 => Op::Policy {
            response_hours: pick(rng, &[24, 48, 72]),
        },
        75..=84 => Op::Advance {
            minutes: match rng.below(10) {
                0 => 60 * 24 * (1 + rng.below(9) as i64),
                1..=4 => 60 * (1 + rng.below(48) as i64),
                _ => 1 + rng.below(120) as i64,
            },
        },
        85 | 86 => Op::Evaluate,
        87 | 88 => Op::Restart {
            engine: rng.below(u64::from(engines)) as u8,
        },
        89..=92 => Op::Race {
            order,
            picks: [rng.next_u64(), rng.next_u64()],
        },
        93..=95 => Op::Receiver {
            receiver: rng.below(RECEIVERS) as u8,
            mode: match rng.below(8) {
                0..=2 => Receive::Up,
                3 => Receive::Failing(500),
                4 => Receive::Failing(pick(rng, &[404, 429, 503])),
                5 | 6 => Receive::TimingOut,
                _ => Receive::Down,
            },
        },
        _ => Op::Deliver,
    };
    let commands = !matches!(
        op,
        Op::Policy { .. }
            | Op::Advance { .. }
            | Op::Evaluate
            | Op::Restart { .. }
            | Op::Race { .. }
            | Op::Receiver { .. }
            | Op::Deliver
    );
    // A burst's moves are different commands: a shared key would refuse all but the first.
    // A guided move is keyed only for its faults' retries, so that it is not refused for a
    // key another command used.
    let keyed = commands && !matches!(op, Op::Burst { .. } | Op::Guided { .. });
    let key = (keyed && rng.chance(0.3)).then(|| rng.below(8));
    let fault = match rng.below(40) {
        0 if commands => Some(Fault::FailCommit),
        1 if commands => Some(Fault::SlowCommit(1 + rng.below(500) as u16)),
        2 if commands => Some(Fault::CrashAfterCommit),
        _ => None,
    };
    Step {
        op,
        engine: rng.below(u64::from(engines)) as u8,
        key,
        fault,
    }
}
