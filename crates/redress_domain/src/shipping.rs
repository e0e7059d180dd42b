//! Who bears a return's shipping cost (退货运费), by the rule of issue 18, point 3. Only the
//! rule so far: orders do not carry their shipping fee or freight insurance (运费险) yet, and
//! no ticket records the payer (see the notes).

use crate::Reason;

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
