//! Who may see what: the one place the API and the console check a key's role, by area.
//!
//! Two checks, each made once. Here, whether a role may reach an area at all (a read, or a
//! write that is not a domain command: keys, webhooks, the policy's text, uploads) — refused
//! with 403 `forbidden`. Who may *act* is the domain's to say: an endpoint that only submits
//! a command checks the scope of the resource it names (a foreign merchant's or buyer's
//! answers 404, exactly like a missing one) and lets the domain refuse the role, with 403
//! `wrong_actor`. Roles are the domain's [`Role`], so a misspelt role does not compile.

use crate::auth::Principal;
use crate::error::ApiError;
use redress_domain::Role::{self, Arbitrator, Buyer, Merchant, Operator};

/// Orders, tickets and their files, the events feed, the policy in force: every party.
pub const PARTIES: &[Role] = &[Operator, Arbitrator, Merchant, Buyer];
/// A merchant's settings, metrics and penalties, the policy's history: the platform's staff
/// and merchants (a merchant only its own).
pub const MERCHANT_AREA: &[Role] = &[Operator, Arbitrator, Merchant];
/// A buyer's trust inputs: the platform's staff and the buyer.
pub const BUYER_AREA: &[Role] = &[Operator, Arbitrator, Buyer];
/// Showcase creators, the leaderboard, the dispute desk: the platform's staff.
pub const PLATFORM: &[Role] = &[Operator, Arbitrator];
/// Webhook subscriptions, their deliveries and dead letters: whoever receives them.
pub const WEBHOOKS: &[Role] = &[Operator, Merchant];
/// Uploading evidence files: the parties who submit evidence.
pub const UPLOADS: &[Role] = &[Operator, Merchant, Buyer];
/// Keys, the policy's text, evaluations, the sandbox clock, telemetry, the operations desk.
pub const OPERATORS: &[Role] = &[Operator];
/// The merchant's console.
pub const MERCHANTS: &[Role] = &[Merchant];
/// The buyer's console.
pub const BUYERS: &[Role] = &[Buyer];

/// Whether the key's role may reach an area.
pub fn allows(principal: &Principal, area: &[Role]) -> bool {
    area.contains(&principal.scope.role())
}

/// Refuse the request with 403 `forbidden` unless the key's role may reach the area.
pub fn require(principal: &Principal, area: &[Role]) -> Result<(), ApiError> {
    if allows(principal, area) {
        Ok(())
    } else {
        let names: Vec<&str> = area.iter().map(|r| r.as_str()).collect();
        Err(ApiError::forbidden(format!(
            "a {} key cannot use this endpoint; it needs {}",
            principal.scope.role().as_str(),
            names.join(" or ")
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Scope;

    fn key(scope: Scope) -> Principal {
        Principal {
            key_id: "key_0000000000000000".to_owned(),
            scope,
        }
    }

    #[test]
    fn an_area_admits_its_roles_and_names_them_when_it_refuses() {
        let merchant = key(Scope::Merchant(
            redress_domain::MerchantId::parse("M-1").expect("an id"),
        ));
        assert!(require(&merchant, MERCHANT_AREA).is_ok());
        let refused = require(&merchant, PLATFORM).expect_err("not for merchants");
        assert_eq!(refused.code, "forbidden");
        assert_eq!(
            refused.detail,
            "a merchant key cannot use this endpoint; it needs operator or arbitrator"
        );
        assert!(!allows(&key(Scope::Integration), PARTIES));
        assert!(allows(&key(Scope::Operator), OPERATORS));
    }
}
