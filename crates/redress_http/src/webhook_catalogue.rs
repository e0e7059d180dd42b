//! What each webhook's `data` holds: the OpenAPI document's `webhooks` section and its
//! payload schemas, from one table. The payloads themselves are built by
//! `redress_store::outbox`; the tests check that every type it announces is described here
//! and in docs/WEBHOOKS.md, and that real payloads fit their schema.

use redress_store::outbox::family_of;
use serde_json::{Map, Value, json};

/// The JSON type of one `data` field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Integer,
    Boolean,
    /// RFC 3339.
    Instant,
    /// A calendar day, `YYYY-MM-DD`.
    Day,
    /// A list of strings.
    TextList,
    /// A ticket's lines (issue 18): `[{"item_id", "quantity", "amount_minor"}]`.
    Lines,
}

/// One field of a type's `data`: name, kind, whether it may be `null`, and what it means.
pub type Field = (&'static str, Kind, bool, &'static str);

/// One webhook type: its name, what it announces, and its own `data` fields (the ids every
/// type of its family carries are added by [`data_fields`]).
#[derive(Debug)]
pub struct WebhookType {
    pub name: &'static str,
    pub summary: &'static str,
    pub fields: &'static [Field],
}

use Kind::{Boolean, Day, Instant, Integer, Lines, Text, TextList};

const LINES: Field = (
    "lines",
    Lines,
    false,
    "The lines asked about: item_id, quantity (units) and amount_minor (the line's share of the amount)",
);

const MONEY: [Field; 2] = [
    (
        "amount_minor",
        Integer,
        false,
        "Integer minor units (分 for CNY)",
    ),
    ("currency", Text, false, "ISO 4217 code"),
];
const DUE_AT: Field = ("due_at", Instant, false, "When the next deadline falls due");

/// A request's shipping money (issue 18).
const TICKET_SHIPPING: [Field; 2] = [
    (
        "shipping_fee_minor",
        Integer,
        false,
        "The part of the amount that is the order's shipping fee (a refund of everything unshipped); 0 otherwise",
    ),
    (
        "return_shipping",
        Text,
        true,
        "Who bears the return parcel's cost: merchant, buyer or freight_insurance; null when no goods go back",
    ),
];

/// Every type, in the order of `outbox::EVENT_TYPES`.
pub const CATALOGUE: &[WebhookType] = &[
    WebhookType {
        name: "order.placed",
        summary: "An order was placed (paid)",
        fields: &[
            ("buyer_id", Text, false, "The buyer"),
            ("paid_at", Instant, false, "When it was paid"),
            ("items", Integer, false, "Number of order lines"),
            (
                "shipping_fee_minor",
                Integer,
                false,
                "The shipping fee, part of the amount paid",
            ),
            (
                "freight_insurance",
                Boolean,
                false,
                "Whether the buyer bought freight insurance (运费险)",
            ),
            MONEY[0],
            MONEY[1],
        ],
    },
    WebhookType {
        name: "order.parcel_updated",
        summary: "Logistics about one outbound parcel",
        fields: &[
            (
                "parcel_id",
                Text,
                false,
                "The parcel (1 for an order shipped in one parcel)",
            ),
            (
                "update",
                Text,
                false,
                "tracking_entered, in_transit, delivered, refused, returned_to_sender or intercepted",
            ),
        ],
    },
    WebhookType {
        name: "ticket.opened",
        summary: "A buyer opened an after-sales request (售后单)",
        fields: &[
            ("buyer_id", Text, false, "The buyer"),
            (
                "kind",
                Text,
                false,
                "refund_only, return_and_refund, exchange, …",
            ),
            ("reason", Text, false, "The buyer's reason code"),
            MONEY[0],
            MONEY[1],
            LINES,
            DUE_AT,
            TICKET_SHIPPING[0],
            TICKET_SHIPPING[1],
        ],
    },
    WebhookType {
        name: "ticket.edited",
        summary: "The buyer changed a request after a rejection",
        fields: &[
            ("kind", Text, false, "The new kind"),
            ("reason", Text, false, "The new reason code"),
            MONEY[0],
            MONEY[1],
            LINES,
            DUE_AT,
            TICKET_SHIPPING[0],
            TICKET_SHIPPING[1],
        ],
    },
    WebhookType {
        name: "ticket.approved",
        summary: "The merchant approved, its deadline passed (逾期自动同意), or an automatic rule approved",
        fields: &[
            ("approval", Text, false, "merchant, overdue or automatic"),
            (
                "next",
                Text,
                false,
                "refunding, awaiting_return or awaiting_merchant_shipment",
            ),
        ],
    },
    WebhookType {
        name: "ticket.auto_approved",
        summary: "Follows `ticket.approved` or `ticket.return_accepted` when an automatic rule approved",
        fields: &[
            ("rule", Text, false, "The rule's code"),
            ("next", Text, false, "Where the approval leads"),
        ],
    },
    WebhookType {
        name: "ticket.approved_after_refusal",
        summary: "The merchant approved a refund once the parcel is refused",
        fields: &[DUE_AT],
    },
    WebhookType {
        name: "ticket.refusal_confirmed",
        summary: "The parcel was refused, returned or intercepted: the refund follows",
        fields: &[MONEY[0], MONEY[1]],
    },
    WebhookType {
        name: "ticket.refusal_failed",
        summary: "The parcel was delivered after all; the request waits on the merchant again",
        fields: &[DUE_AT],
    },
    WebhookType {
        name: "ticket.rejected",
        summary: "The merchant rejected the request",
        fields: &[
            (
                "ground",
                Text,
                false,
                "request, return_not_received or return_not_as_sent",
            ),
            ("reason", Text, false, "The merchant's reason"),
            DUE_AT,
        ],
    },
    WebhookType {
        name: "ticket.remedy_proposed",
        summary: "The merchant proposed another remedy",
        fields: &[
            (
                "remedy",
                Text,
                false,
                "exchange, repair, reship or partial_compensation",
            ),
            ("note", Text, false, "The merchant's note"),
            (
                "amount_minor",
                Integer,
                true,
                "The compensation offered; null for other remedies",
            ),
            (
                "currency",
                Text,
                true,
                "Its currency; null for other remedies",
            ),
        ],
    },
    WebhookType {
        name: "ticket.remedy_accepted",
        summary: "The buyer accepted the proposed remedy",
        fields: &[
            ("course", Text, false, "The course the ticket now takes"),
            ("next", Text, false, "Where it leads"),
        ],
    },
    WebhookType {
        name: "ticket.remedy_declined",
        summary: "The buyer declined the proposed remedy",
        fields: &[],
    },
    WebhookType {
        name: "ticket.return_awaited",
        summary: "The buyer is to send the goods back",
        fields: &[("due_at", Instant, false, "When the buyer must have shipped")],
    },
    WebhookType {
        name: "ticket.return_shipped",
        summary: "The buyer shipped the return",
        fields: &[
            ("tracking", Text, false, "The return's tracking number"),
            DUE_AT,
        ],
    },
    WebhookType {
        name: "ticket.return_in_transit",
        summary: "The return parcel is on its way",
        fields: &[],
    },
    WebhookType {
        name: "ticket.return_signed",
        summary: "The merchant's side signed for the return",
        fields: &[(
            "due_at",
            Instant,
            false,
            "When the merchant must have handled it",
        )],
    },
    WebhookType {
        name: "ticket.return_accepted",
        summary: "The merchant accepted the return, its deadline passed, or an automatic rule accepted it",
        fields: &[
            ("approval", Text, false, "merchant, overdue or automatic"),
            ("next", Text, false, "Where it leads"),
        ],
    },
    WebhookType {
        name: "ticket.replacement_shipped",
        summary: "The merchant shipped the replacement or repaired goods",
        fields: &[("tracking", Text, false, "Its tracking number"), DUE_AT],
    },
    WebhookType {
        name: "ticket.shipped_while_pending",
        summary: "The merchant shipped while a request on the unshipped order was pending",
        fields: &[],
    },
    WebhookType {
        name: "ticket.escalated",
        summary: "A dispute was opened (平台介入)",
        fields: &[
            ("opener", Text, false, "buyer or system"),
            (
                "first_dispute",
                Boolean,
                false,
                "The ticket's first dispute",
            ),
            DUE_AT,
        ],
    },
    WebhookType {
        name: "ticket.cancelled",
        summary: "The buyer cancelled the request (followed by `ticket.closed`)",
        fields: &[],
    },
    WebhookType {
        name: "ticket.return_window_lapsed",
        summary: "The buyer did not ship the return in time (followed by `ticket.closed`)",
        fields: &[],
    },
    WebhookType {
        name: "ticket.replacement_delivered",
        summary: "The replacement or repaired goods were delivered (followed by `ticket.completed`)",
        fields: &[],
    },
    WebhookType {
        name: "ticket.escalation_lapsed",
        summary: "The buyer did not escalate a rejection in time (followed by `ticket.closed`)",
        fields: &[],
    },
    WebhookType {
        name: "ticket.closed",
        summary: "The ticket closed without (further) money",
        fields: &[(
            "cause",
            Text,
            false,
            "cancelled_by_buyer, return_not_shipped, escalation_lapsed or verdict_no_refund",
        )],
    },
    WebhookType {
        name: "ticket.completed",
        summary: "The ticket completed: the replacement or repaired goods arrived",
        fields: &[],
    },
    WebhookType {
        name: "ticket.refunded",
        summary: "The payment system reported the refund paid",
        fields: &[
            MONEY[0],
            MONEY[1],
            (
                "payment_reference",
                Text,
                false,
                "The payment system's reference",
            ),
        ],
    },
    WebhookType {
        name: "dispute.evidence_added",
        summary: "A party added evidence to the dispute",
        fields: &[
            ("side", Text, false, "buyer or merchant"),
            ("evidence_kind", Text, false, "The evidence's kind"),
        ],
    },
    WebhookType {
        name: "dispute.evidence_closed",
        summary: "The evidence window closed; the dispute awaits a verdict",
        fields: &[],
    },
    WebhookType {
        name: "dispute.settled",
        summary: "The merchant settled the dispute by refunding",
        fields: &[MONEY[0], MONEY[1]],
    },
    WebhookType {
        name: "dispute.cancelled",
        summary: "The buyer withdrew the dispute",
        fields: &[DUE_AT],
    },
    WebhookType {
        name: "dispute.verdict",
        summary: "An arbitrator gave a verdict",
        fields: &[
            (
                "responsibility",
                Text,
                false,
                "merchant, buyer, both or none",
            ),
            (
                "outcome",
                Text,
                false,
                "full_refund, partial_refund or no_refund",
            ),
            (
                "refund_minor",
                Integer,
                true,
                "The refund ordered; null for none",
            ),
            ("currency", Text, true, "Its currency; null for none"),
        ],
    },
    WebhookType {
        name: "dispute.rechecked",
        summary: "The platform re-checked a dispute the merchant settled",
        fields: &[("responsibility", Text, false, "Whose fault it was")],
    },
    WebhookType {
        name: "refund.requested",
        summary: "A refund is due: pay it once, with `idempotency_key`, then report the result",
        fields: &[
            ("buyer_id", Text, false, "Who is paid"),
            MONEY[0],
            MONEY[1],
            (
                "attempt",
                Integer,
                false,
                "1, then one more per retry after a failure",
            ),
            (
                "idempotency_key",
                Text,
                false,
                "Pass to the payment call: the same on every delivery of this request",
            ),
        ],
    },
    WebhookType {
        name: "refund.failed",
        summary: "The payment system reported the refund failed (退款异常)",
        fields: &[
            ("reason", Text, false, "The reported reason"),
            ("attempt", Integer, false, "The attempt that failed"),
            (
                "retry_at",
                Instant,
                true,
                "When redress asks again; null when an operator must",
            ),
        ],
    },
    WebhookType {
        name: "refund.retried",
        summary: "redress asks again for a failed refund (followed by `refund.requested`)",
        fields: &[("attempt", Integer, false, "The new attempt: 2 or more")],
    },
    WebhookType {
        name: "merchant.fast_refund_set",
        summary: "The merchant opted in to or out of fast refund",
        fields: &[("opted_in", Boolean, false, "Opted in")],
    },
    WebhookType {
        name: "merchant.return_address_set",
        summary: "The merchant set or removed the shop's return address",
        fields: &[("address", Text, true, "The address; null when removed")],
    },
    WebhookType {
        name: "merchant.named",
        summary: "The shop's display name was set",
        fields: &[("name", Text, false, "The shop's name")],
    },
    WebhookType {
        name: "merchant.fast_refund_exclusion_set",
        summary: "The platform excluded the merchant from its fast refund, or lifted that",
        fields: &[("excluded", Boolean, false, "Excluded")],
    },
    WebhookType {
        name: "merchant.strategy_put",
        summary: "The merchant created or changed an auto-approve strategy",
        fields: &[
            ("strategy_id", Text, false, "The strategy"),
            ("version", Integer, false, "Its new version"),
            ("name", Text, false, "Its name"),
            ("action", Text, false, "approve or refund_on_return_signed"),
            ("enabled", Boolean, false, "Enabled"),
        ],
    },
    WebhookType {
        name: "merchant.strategy_disabled",
        summary: "The merchant disabled a strategy",
        fields: &[
            ("strategy_id", Text, false, "The strategy"),
            ("version", Integer, false, "Its new version"),
        ],
    },
    WebhookType {
        name: "merchant.refund_handling_closed",
        summary: "The platform closed the merchant's refund handling (关闭退款处理权限)",
        fields: &[("reason", Text, false, "Why")],
    },
    WebhookType {
        name: "merchant.refund_handling_restored",
        summary: "The platform restored the merchant's refund handling",
        fields: &[],
    },
    WebhookType {
        name: "merchant.penalised",
        summary: "The weekly evaluation penalised the merchant, or an operator terminated it",
        fields: &[
            ("penalty_id", Text, false, "The penalty"),
            ("evaluated_on", Day, false, "The evaluation day"),
            (
                "violation",
                Text,
                false,
                "dispute_rate, mass_overdue or operator_decision",
            ),
            ("severity", Text, false, "The severity"),
            (
                "measures",
                TextList,
                false,
                "The measures' codes, e.g. warning, refund_handling_closed, termination",
            ),
            (
                "policy_version",
                Integer,
                false,
                "The stored policy version it was decided under (0: none stored)",
            ),
        ],
    },
    WebhookType {
        name: "merchant.penalty_appealed",
        summary: "The merchant appealed a penalty",
        fields: &[
            ("penalty_id", Text, false, "The penalty"),
            ("statement", Text, false, "The merchant's statement"),
        ],
    },
    WebhookType {
        name: "merchant.penalty_revoked",
        summary: "An operator revoked a penalty",
        fields: &[
            ("penalty_id", Text, false, "The penalty"),
            ("reason", Text, false, "Why"),
        ],
    },
    WebhookType {
        name: "buyer.trust_updated",
        summary: "The buyer's trust inputs changed (platform-wide subscriptions only)",
        fields: &[
            ("buyer_id", Text, false, "The buyer"),
            ("completed_orders", Integer, false, "Completed orders"),
            ("orders_90d", Integer, false, "Orders in the last 90 days"),
            ("refunds_90d", Integer, false, "Refunds in the last 90 days"),
            ("abuse_restricted", Boolean, false, "Restricted for abuse"),
        ],
    },
    WebhookType {
        name: "creator.penalised",
        summary: "The weekly evaluation penalised a showcase creator (视频号橱窗达人, seed 001; platform-wide subscriptions only)",
        fields: &[
            ("creator_id", Text, false, "The creator"),
            ("penalty_id", Text, false, "The penalty"),
            ("evaluated_on", Day, false, "The evaluation day"),
            ("violation", Text, false, "dispute_rate"),
            ("severity", Text, false, "The severity"),
            (
                "measures",
                TextList,
                false,
                "The measures' codes, e.g. warning, mandatory_exam",
            ),
            (
                "policy_version",
                Integer,
                false,
                "The stored policy version it was decided under (0: none stored)",
            ),
        ],
    },
    WebhookType {
        name: "creator.penalty_appealed",
        summary: "An operator recorded a creator's appeal of a penalty (platform-wide subscriptions only)",
        fields: &[
            ("creator_id", Text, false, "The creator"),
            ("penalty_id", Text, false, "The penalty"),
            ("statement", Text, false, "The creator's statement"),
        ],
    },
    WebhookType {
        name: "creator.penalty_revoked",
        summary: "An operator revoked a creator's penalty (platform-wide subscriptions only)",
        fields: &[
            ("creator_id", Text, false, "The creator"),
            ("penalty_id", Text, false, "The penalty"),
            ("reason", Text, false, "Why"),
        ],
    },
    WebhookType {
        name: "ticket.policy_applied",
        summary: "The ticket's next decision was made under another stored policy version",
        fields: &[("policy_version", Integer, false, "The version now applied")],
    },
    WebhookType {
        name: "ticket.message_posted",
        summary: "A message on the ticket's thread (协商历史) from the buyer, the merchant or, in a dispute, the platform",
        fields: &[
            (
                "author_role",
                Text,
                false,
                "buyer, merchant, arbitrator or operator",
            ),
            ("text", Text, false, "The message"),
        ],
    },
    WebhookType {
        name: "ticket.return_address_set",
        summary: "The merchant named this ticket's own return address",
        fields: &[("address", Text, false, "The address")],
    },
    WebhookType {
        name: "policy.changed",
        summary: "An operator put a new policy version in force (platform-wide subscriptions only)",
        fields: &[
            ("version", Integer, false, "The new version"),
            ("name", Text, false, "The policy's name"),
            (
                "diff",
                TextList,
                false,
                "One line per key changed against the version before",
            ),
        ],
    },
    WebhookType {
        name: "ticket.deadline_approaching",
        summary: "A ticket's deadline falls due within the notice period (default 12 h)",
        fields: &[
            ("deadline_kind", Text, false, "Which deadline"),
            ("due_at", Instant, false, "When it falls due"),
        ],
    },
];

/// The ids every type of a family carries, before its own fields.
fn family_ids(event_type: &str) -> &'static [Field] {
    const MERCHANT: Field = ("merchant_id", Text, false, "The merchant");
    const ORDER: Field = ("order_id", Text, false, "The order");
    const TICKET: Field = ("ticket_id", Text, false, "The ticket");
    match family_of(event_type) {
        "order" => &[MERCHANT, ORDER],
        "ticket" | "dispute" | "refund" => &[MERCHANT, ORDER, TICKET],
        "merchant" => &[MERCHANT],
        _ => &[],
    }
}

/// Every field of a type's `data`: its family's ids, then its own.
pub fn data_fields(t: &WebhookType) -> Vec<Field> {
    family_ids(t.name).iter().chain(t.fields).copied().collect()
}

/// The type named `name`, if described.
pub fn find(name: &str) -> Option<&'static WebhookType> {
    CATALOGUE.iter().find(|t| t.name == name)
}

fn field_schema(kind: Kind, nullable: bool, description: &str) -> Value {
    if kind == TextList {
        return json!({
            "type": if nullable { json!(["array", "null"]) } else { json!("array") },
            "items": { "type": "string" },
            "description": description,
        });
    }
    if kind == Lines {
        return json!({
            "type": if nullable { json!(["array", "null"]) } else { json!("array") },
            "items": {
                "type": "object",
                "required": ["item_id", "quantity", "amount_minor"],
                "properties": {
                    "item_id": { "type": "string" },
                    "quantity": { "type": "integer", "minimum": 1 },
                    "amount_minor": { "type": "integer", "format": "int64" },
                },
            },
            "description": description,
        });
    }
    let (ty, format) = match kind {
        TextList | Lines => unreachable!("described above"),
        Text => ("string", None),
        Integer => ("integer", Some("int64")),
        Boolean => ("boolean", None),
        Instant => ("string", Some("date-time")),
        Day => ("string", Some("date")),
    };
    let mut schema = json!({
        "type": if nullable { json!([ty, "null"]) } else { json!(ty) },
        "description": description,
    });
    if let Some(format) = format {
        schema["format"] = json!(format);
    }
    schema
}

/// The schema's component name of a type: `Webhook` and the type in camel case.
pub fn schema_name(event_type: &str) -> String {
    let mut name = String::from("Webhook");
    for word in event_type.split(['.', '_']) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            name.extend(first.to_uppercase());
            name.push_str(chars.as_str());
        }
    }
    name
}

/// A type's whole payload schema (`type`, `timestamp`, `data`), as OpenAPI 3.1 JSON.
pub fn payload_schema(t: &WebhookType) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (name, kind, nullable, description) in data_fields(t) {
        properties.insert(name.to_owned(), field_schema(kind, nullable, description));
        required.push(name);
    }
    json!({
        "type": "object",
        "description": t.summary,
        "required": ["type", "timestamp", "data"],
        "properties": {
            "type": { "type": "string", "enum": [t.name] },
            "timestamp": { "type": "string", "format": "date-time", "description": "When the event happened" },
            "data": {
                "type": "object",
                "required": required,
                "properties": properties,
                "additionalProperties": false,
            },
        },
    })
}

/// The `webhooks` section: one POST per type, its body the type's payload schema.
pub fn webhooks_section() -> Value {
    let mut section = Map::new();
    for t in CATALOGUE {
        section.insert(
            t.name.to_owned(),
            json!({
                "post": {
                    "summary": t.summary,
                    "description": "Signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`); a sandbox server adds `\"sandbox\": true`. Answer 2xx within the timeout, or the delivery is retried. See docs/WEBHOOKS.md.",
                    "operationId": format!("webhook_{}", t.name.replace('.', "_")),
                    "tags": ["webhooks"],
                    "requestBody": {
                        "required": true,
                        "content": { "application/json": { "schema": {
                            "$ref": format!("#/components/schemas/{}", schema_name(t.name))
                        } } },
                    },
                    "responses": { "2XX": { "description": "Received" } },
                },
            }),
        );
    }
    Value::Object(section)
}

/// Whether `payload` fits its type's schema: the type is described, every field is present
/// with its kind, and none is unknown. The error says which field and why.
pub fn check_payload(payload: &Value) -> Result<(), String> {
    let name = payload["type"].as_str().ok_or("no type")?;
    let t = find(name).ok_or_else(|| format!("{name} is not described"))?;
    payload["timestamp"]
        .as_str()
        .and_then(|s| s.parse::<jiff::Timestamp>().ok())
        .ok_or_else(|| format!("{name}: timestamp is not an instant"))?;
    let data = payload["data"]
        .as_object()
        .ok_or_else(|| format!("{name}: no data"))?;
    let fields = data_fields(t);
    for key in data.keys() {
        if !fields.iter().any(|(f, ..)| f == key) {
            return Err(format!("{name}: data.{key} is not described"));
        }
    }
    for (field, kind, nullable, _) in fields {
        let value = data
            .get(field)
            .ok_or_else(|| format!("{name}: data.{field} is missing"))?;
        let fits = match (kind, value) {
            (_, Value::Null) => nullable,
            (Text, Value::String(_)) => true,
            (Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
            (Boolean, Value::Bool(_)) => true,
            (Instant, Value::String(s)) => s.parse::<jiff::Timestamp>().is_ok(),
            (Day, Value::String(s)) => s.parse::<jiff::civil::Date>().is_ok(),
            (TextList, Value::Array(items)) => items.iter().all(Value::is_string),
            (Lines, Value::Array(lines)) => lines.iter().all(|line| {
                line.get("item_id").is_some_and(Value::is_string)
                    && line.get("quantity").is_some_and(Value::is_u64)
                    && line.get("amount_minor").is_some_and(Value::is_i64)
            }),
            _ => false,
        };
        if !fits {
            return Err(format!("{name}: data.{field} = {value} is not {kind:?}"));
        }
    }
    Ok(())
}

/// Adds the `webhooks` section and its payload schemas to the API description.
pub(crate) struct WebhooksDoc;

impl utoipa::Modify for WebhooksDoc {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let section = serde_json::from_value(webhooks_section())
            .expect("the webhooks section is a valid Paths object");
        openapi.webhooks = Some(section);
        let components = openapi.components.get_or_insert_with(Default::default);
        for t in CATALOGUE {
            let schema = serde_json::from_value(payload_schema(t))
                .expect("a payload schema is a valid Schema object");
            components.schemas.insert(schema_name(t.name), schema);
        }
    }
}

/// Every type of `outbox::EVENT_TYPES` is described, in the same order.
pub fn described_types() -> Vec<&'static str> {
    CATALOGUE.iter().map(|t| t.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use redress_store::outbox::EVENT_TYPES;

    #[test]
    fn every_event_type_is_described_once_in_the_same_order() {
        assert_eq!(described_types(), EVENT_TYPES);
    }

    #[test]
    fn the_openapi_document_has_a_webhook_and_a_schema_per_type() {
        let spec = serde_json::to_value(crate::openapi()).expect("serialises");
        assert_eq!(spec["openapi"], "3.1.0");
        for t in EVENT_TYPES {
            let body = &spec["webhooks"][t]["post"]["requestBody"]["content"]["application/json"]["schema"]
                ["$ref"];
            let name = schema_name(t);
            assert_eq!(body, &json!(format!("#/components/schemas/{name}")), "{t}");
            let schema = &spec["components"]["schemas"][&name];
            assert_eq!(schema["properties"]["type"]["enum"], json!([t]), "{t}");
            let described = find(t).expect("described");
            let required = &schema["properties"]["data"]["required"];
            assert_eq!(
                required.as_array().map(Vec::len),
                Some(data_fields(described).len()),
                "{t}: {schema}"
            );
            for (field, _, nullable, _) in data_fields(described) {
                let ty = &schema["properties"]["data"]["properties"][field]["type"];
                let takes_null = ty
                    .as_array()
                    .is_some_and(|types| types.contains(&json!("null")));
                assert_eq!(takes_null, nullable, "{t}.{field}: {ty}");
            }
        }
    }

    /// docs/WEBHOOKS.md shows one example per type, and each fits its schema.
    #[test]
    fn the_docs_have_one_valid_example_per_type() {
        let docs = include_str!("../../../docs/WEBHOOKS.md");
        let mut seen: Vec<String> = Vec::new();
        for block in docs.split("```json").skip(1) {
            let json = block.split("```").next().expect("a closed block");
            let example: Value = serde_json::from_str(json)
                .unwrap_or_else(|e| panic!("an example does not parse: {e}\n{json}"));
            if example.get("type").is_none() {
                continue;
            }
            check_payload(&example).unwrap_or_else(|e| panic!("docs/WEBHOOKS.md: {e}"));
            let name = example["type"].as_str().expect("a type").to_owned();
            assert!(!seen.contains(&name), "two examples of {name}");
            seen.push(name);
        }
        for t in EVENT_TYPES {
            assert!(
                seen.iter().any(|s| s == t),
                "docs/WEBHOOKS.md: no example of {t}"
            );
        }
    }

    #[test]
    fn a_payload_that_does_not_fit_is_refused_with_its_field() {
        let ok = json!({"type": "merchant.penalty_revoked", "timestamp": "2026-03-02T02:00:00Z",
            "data": {"merchant_id": "M-1", "penalty_id": "p", "reason": "r"}});
        assert_eq!(check_payload(&ok), Ok(()));
        let mut missing = ok.clone();
        missing["data"]
            .as_object_mut()
            .expect("an object")
            .remove("reason");
        assert!(
            check_payload(&missing)
                .expect_err("refused")
                .contains("data.reason")
        );
        let mut extra = ok.clone();
        extra["data"]["x"] = json!(1);
        assert!(
            check_payload(&extra)
                .expect_err("refused")
                .contains("data.x")
        );
        let mut wrong = ok;
        wrong["data"]["penalty_id"] = json!(3);
        assert!(
            check_payload(&wrong)
                .expect_err("refused")
                .contains("data.penalty_id")
        );
    }
}
