//! Shipping money (issue 18, point 3): the order's shipping fee, and who bears a return's
//! shipping cost (退货运费).
//!
//! Rules, in fen:
//! - **The order.** `paid` = Σ lines' amounts + `shipping_fee`; an order that does not add up
//!   is refused (`paid_mismatch`). Freight insurance (运费险) is a flag on the order.
//! - **The fee in a refund.** While nothing has shipped, a refund-only request that takes
//!   every unit still open, with no other live ticket holding any (so the whole order ends
//!   refunded), may ask the shipping fee on top of the units' worth (its default does), as
//!   much of the fee as no other ticket refunded or holds. The goods come first:
//!   the ticket's `shipping_fee` is the part of its amount above the units' worth, so its
//!   lines' shares always add up to the rest and never exceed what a line paid. Of a refund
//!   lower than the amount (a partial compensation), goods money is refunded first.
//! - **Return shipping.** A request whose goods go back (return and refund, exchange,
//!   repair) records who bears the return parcel's cost: the merchant for a reason it
//!   answers for, else the buyer, or her freight insurance when the order has one.
//! - **Return-shipping claims** (退货运费申请). A ticket of kind `return_shipping` asks the
//!   cost of a return parcel back. It names no lines, states its amount, at most
//!   [`RETURN_SHIPPING_CLAIM_MAX_MINOR`], and is possible only for a return on the order whose
//!   shipping the merchant bears and whose parcel the buyer has sent, one claim per such
//!   return (a claim cancelled, rejected or closed without money frees its place). Its money
//!   is not the order's: it neither counts towards nor is capped by "refunded ≤ paid"; its
//!   own invariant is refunded ≤ its amount ≤ the maximum. While the mass-overdue measure
//!   "platform settles return-shipping claims" is in force for the merchant (a penalty that
//!   carries it and is not revoked), the platform approves a claim as it is opened and
//!   charges the merchant (`Rule::PlatformSettlesReturnShipping`, with [`PLATFORM_SETTLES_NOTE`]).

use crate::{
    FulfilmentStage, LineRequest, Money, Order, Reason, Rejection, Ticket, TicketId, TicketKind,
    TicketState,
};

/// The most a return-shipping claim may ask, in fen: a platform-wide cap on what a return
/// parcel costs (30.00 yuan, an assumption: the seeds name no figure).
pub const RETURN_SHIPPING_CLAIM_MAX_MINOR: i64 = 3_000;

/// The note on a claim the platform approved under the mass-overdue measure (seed 004:
/// 平台直接处理买家运费申请).
pub const PLATFORM_SETTLES_NOTE: &str = "平台已代商家处理退货运费申请，费用由商家承担 (settled by the platform, charged to the merchant)";

/// Who pays for the return parcel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReturnShippingPayer {
    /// The merchant is responsible for the reason (quality, wrong or missing goods, …).
    Merchant,
    /// A return for the buyer's own reasons (seven-day no-reason, changed her mind).
    Buyer,
    /// The buyer's own reasons, covered by the freight insurance she bought with the order.
    FreightInsurance,
}

impl ReturnShippingPayer {
    pub const ALL: [ReturnShippingPayer; 3] = [
        ReturnShippingPayer::Merchant,
        ReturnShippingPayer::Buyer,
        ReturnShippingPayer::FreightInsurance,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReturnShippingPayer::Merchant => "merchant",
            ReturnShippingPayer::Buyer => "buyer",
            ReturnShippingPayer::FreightInsurance => "freight_insurance",
        }
    }
}

impl Reason {
    /// Whether the merchant answers for this reason: the goods or their delivery were not
    /// what was sold.
    pub fn merchant_responsible(self) -> bool {
        !matches!(self, Reason::NoReasonSevenDay | Reason::DontWant)
    }
}

/// Who bears the shipping cost of a return asked for `reason`: the merchant when it is
/// responsible; otherwise the buyer, or her freight insurance when the order has one.
pub fn return_shipping_payer(reason: Reason, freight_insurance: bool) -> ReturnShippingPayer {
    if reason.merchant_responsible() {
        ReturnShippingPayer::Merchant
    } else if freight_insurance {
        ReturnShippingPayer::FreightInsurance
    } else {
        ReturnShippingPayer::Buyer
    }
}

impl Order {
    /// Whether nothing of the order has shipped, as the system shows it: no parcel has a
    /// tracking number (units in no parcel are unshipped). The one place the shipping-fee
    /// rule asks.
    pub fn nothing_shipped(&self) -> bool {
        self.stage() == FulfilmentStage::Unshipped
    }

    /// How many more return-shipping claims the order allows besides `except`: one per return
    /// sent at the merchant's cost, less the claims alive or paid.
    pub fn claims_open(&self, except: Option<&TicketId>) -> usize {
        let returns = self
            .tickets
            .values()
            .filter(|t| t.return_sent_at_merchants_cost())
            .count();
        let claims = self
            .tickets
            .values()
            .filter(|t| Some(&t.id) != except && t.is_claim())
            .filter(|t| !t.state.is_terminal() || !t.refunded.is_zero())
            .count();
        returns.saturating_sub(claims)
    }

    /// The shipping fee that tickets other than `except` have neither refunded nor hold.
    pub fn shipping_fee_left(&self, except: Option<&TicketId>) -> i64 {
        let used: i64 = self
            .tickets
            .values()
            .filter(|t| Some(&t.id) != except)
            .map(Ticket::shipping_fee_used)
            .sum();
        (self.shipping_fee.minor() - used).max(0)
    }
}

/// A return-shipping claim as a request asks it: no lines, its own amount within the cap,
/// and a return on the order it may claim for. Returns the amount.
pub(crate) fn check_claim(
    order: &Order,
    amount: Option<Money>,
    items: &[LineRequest],
    except: Option<&TicketId>,
) -> Result<Money, Rejection> {
    if !items.is_empty() {
        return Err(Rejection::ClaimNotApplicable {
            why: "a claim names no lines",
        });
    }
    let Some(amount) = amount else {
        return Err(Rejection::ClaimNotApplicable {
            why: "a claim states its amount",
        });
    };
    if amount.minor() > RETURN_SHIPPING_CLAIM_MAX_MINOR {
        return Err(Rejection::AmountAboveRefundable {
            requested: amount,
            refundable: Money::new(RETURN_SHIPPING_CLAIM_MAX_MINOR, amount.currency())
                .unwrap_or(amount),
        });
    }
    if order.claims_open(except) == 0 {
        return Err(Rejection::ClaimNotApplicable {
            why: "no return sent at the merchant's cost is left to claim for",
        });
    }
    Ok(amount)
}

impl Ticket {
    /// A return-shipping claim: money of its own, not the order's.
    pub fn is_claim(&self) -> bool {
        self.kind == TicketKind::ReturnShipping
    }

    /// A return whose shipping the merchant bears, and whose parcel the buyer has sent.
    pub fn return_sent_at_merchants_cost(&self) -> bool {
        self.return_shipping == Some(ReturnShippingPayer::Merchant)
            && (self.return_signed_at.is_some()
                || matches!(
                    self.state,
                    TicketState::ReturnInTransit { .. } | TicketState::ReturnReceived { .. }
                ))
    }

    /// The ticket's goods money: its amount less the shipping fee it includes.
    pub fn goods_amount(&self) -> i64 {
        (self.amount.minor() - self.shipping_fee.minor()).max(0)
    }

    /// The goods money it refunded: goods come first, the fee after them.
    pub fn goods_refunded(&self) -> i64 {
        self.refunded.minor().min(self.goods_amount())
    }

    /// The shipping fee it refunded.
    pub fn shipping_fee_refunded(&self) -> i64 {
        self.refunded.minor() - self.goods_refunded()
    }

    /// The shipping fee it uses: what it holds while alive, what it refunded once ended.
    pub fn shipping_fee_used(&self) -> i64 {
        if self.state.is_terminal() {
            self.shipping_fee_refunded()
        } else {
            self.shipping_fee.minor()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_return_shipping_payer_follows_the_reason_and_the_insurance() {
        use ReturnShippingPayer::*;
        let cases = [
            (Reason::NoReasonSevenDay, false, Buyer),
            (Reason::NoReasonSevenDay, true, FreightInsurance),
            (Reason::DontWant, false, Buyer),
            (Reason::DontWant, true, FreightInsurance),
            (Reason::QualityProblem, false, Merchant),
            (Reason::QualityProblem, true, Merchant),
            (Reason::WrongItem, true, Merchant),
            (Reason::NotAsDescribed, false, Merchant),
            (Reason::DamagedInTransit, false, Merchant),
            (Reason::Counterfeit, true, Merchant),
            (Reason::MissingItems, false, Merchant),
            (Reason::NotAsPromised, false, Merchant),
        ];
        for (reason, insured, payer) in cases {
            assert_eq!(
                return_shipping_payer(reason, insured),
                payer,
                "{} insured={insured}",
                reason.as_str()
            );
        }
        assert_eq!(FreightInsurance.as_str(), "freight_insurance");
    }
}
