//! The merchant workbench's ticket actions, as its forms send them (the page and its handler
//! are `ticket_page`, shared with the buyer's; the queue is `merchant_queue`), and the
//! selects' options every merchant page uses.

use super::i18n::Lang;
use super::ticket_page::Side;
use super::tickets::{self, ActionForm};
use axum::Router;
use redress_http::AppState;
use serde_json::json;

pub(super) fn router() -> Router<AppState> {
    Router::new().route(
        "/merchant/tickets/{ticket_id}",
        super::ticket_page::route(Side::Merchant),
    )
}

/// One option of a filter's select.
pub(super) struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

pub(super) fn choices(
    values: &[&'static str],
    prefix: &str,
    selected: &str,
    lang: Lang,
) -> Vec<Choice> {
    values
        .iter()
        .map(|value| Choice {
            value,
            label: lang.t(&format!("{prefix}.{value}")),
            selected: *value == selected,
        })
        .collect()
}

/// The merchant's actions, as the forms send them, turned into the API's request body.
pub(super) fn action_body(
    form: &ActionForm,
    evidence: Vec<serde_json::Value>,
    currency: &str,
) -> Result<serde_json::Value, (&'static str, &'static str)> {
    let action = form.get("action");
    Ok(match action {
        "approve" | "approve_after_refusal" | "confirm_return" | "settle_dispute" => {
            json!({ "type": action })
        }
        "reject" => json!({
            "type": "reject",
            "ground": if form.get("ground").is_empty() { "request" } else { form.get("ground") },
            "note": form.get("reason"),
            "evidence": evidence,
        }),
        "propose_remedy" => {
            let remedy = match form.get("remedy") {
                "partial_compensation" => {
                    let amount = tickets::parse_yuan(form.get("amount"))
                        .ok_or(("amount", "merchant.amount_invalid"))?;
                    json!({ "type": "partial_compensation", "amount": { "amount": amount, "currency": currency } })
                }
                other => json!({ "type": other }),
            };
            json!({ "type": "propose_remedy", "remedy": remedy, "note": form.get("note") })
        }
        "ship_replacement" => {
            json!({ "type": "ship_replacement", "tracking": form.get("tracking") })
        }
        "set_return_address" => {
            json!({ "type": "set_return_address", "address": form.get("address") })
        }
        "add_evidence" => match evidence.into_iter().next() {
            Some(evidence) => json!({ "type": "add_evidence", "evidence": evidence }),
            None => return Err(("evidence_reference", "merchant.evidence_required")),
        },
        _ => return Err(("action", "merchant.action_unknown")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> ActionForm {
        ActionForm::with_fields(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn partial_compensation_is_in_the_tickets_currency() {
        let form = form(&[
            ("action", "propose_remedy"),
            ("remedy", "partial_compensation"),
            ("amount", "12.50"),
        ]);
        let body = action_body(&form, Vec::new(), "EUR").expect("a body");
        assert_eq!(
            body["remedy"]["amount"],
            json!({ "amount": 1250, "currency": "EUR" })
        );
    }

    #[test]
    fn a_bad_compensation_amount_names_its_field() {
        let form = form(&[
            ("action", "propose_remedy"),
            ("remedy", "partial_compensation"),
            ("amount", "twelve"),
        ]);
        assert_eq!(
            action_body(&form, Vec::new(), "EUR").unwrap_err().0,
            "amount"
        );
    }
}
