//! What the OpenAPI document states beyond what utoipa derives from the types: the text
//! rules the domain enforces (no control characters, one line or several, lengths, not
//! blank), the day range of every date and instant, the lists' bounds, and the links from
//! the operations that create a resource to those that use it. Generated clients and
//! schema fuzzers then send what the server accepts, and reach the operations behind an id.
//!
//! utoipa takes a `pattern` only as a string literal on each field, and the tagged bodies'
//! fields pass through a `macro_rules!` twin that has no schema; one table here keeps every
//! rule next to the others instead.

use redress_domain::evidence::{EVIDENCE_PER_SIDE_MAX, EVIDENCE_REFERENCE_CHARS_MAX};
use redress_domain::text::{LINE_CHARS_MAX, LINES_CHARS_MAX};
use serde_json::{Value, json};

/// The domain's limits on a tracking number and a category (`decide`'s, not exported).
const TRACKING_CHARS_MAX: usize = 64;
const CATEGORY_CHARS_MAX: usize = 64;

/// One line, no control characters (and no Unicode line or paragraph separator).
const LINE: &str = "^[^\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]*$";
/// One line with something other than blanks in it.
const LINE_REQUIRED: &str =
    "^[ ]*[^\\s\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029][^\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]*$";
/// Several lines: tabs, `\n` and `\r\n` allowed, other control characters not.
const LINES: &str = "^(?:[^\\x00-\\x1f\\x7f-\\x9f]|\\t|\\n|\\r\\n)*$";
/// Several lines with something other than blanks in them.
const LINES_REQUIRED: &str = "^(?:[ \\t\\n]|\\r\\n)*[^\\s\\x00-\\x1f\\x7f-\\x9f](?:[^\\x00-\\x1f\\x7f-\\x9f]|\\t|\\n|\\r\\n)*$";
/// An RFC 3339 instant from 2000-01-01 to 2100-12-31 (UTC), as the API reads them.
const INSTANT: &str = "^(?:20[0-9]{2}|2100)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$";
/// What every `Idempotency-Key` header says: a rule across requests, which no schema states.
const IDEMPOTENCY_KEY: &str = "Makes retries safe: 1 to 255 visible ASCII characters. A key names \
     one command: the same key with the same body answers the first receipt again (marked \
     replayed), with another body it is refused (422 `idempotency_key_reused`)";
/// A day from 2000-01-01 to 2100-12-31.
const DAY: &str = "^(?:20[0-9]{2}|2100)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$";
/// A penalty's id (`redress_domain::PenaltyId`): the day it was recorded on, its kind, and
/// for an operator's second or later termination on one day its number.
const PENALTY_ID: &str = "^(?:20[0-9]{2}|2100)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01]):(?:dispute_rate|mass_overdue|operator_decision)(?::(?:[2-9]|[1-9][0-9]{1,8}))?$";

#[derive(Clone, Copy)]
enum Rule {
    /// One line of at most this many characters; blank refused when the field is required.
    Line(usize),
    /// Several lines of at most this many characters; blank refused when required.
    Lines(usize),
    /// An RFC 3339 instant in the API's range.
    Instant,
    /// A day in the API's range.
    Day,
    /// Extra keywords, merged as they are.
    Keywords(fn() -> Value),
}

/// `(schema, property, rule)`: the rule applies to the property wherever it appears in the
/// schema (each variant of a tagged body included).
const RULES: &[(&str, &str, Rule)] = &[
    ("OrderItemDto", "category", Rule::Line(CATEGORY_CHARS_MAX)),
    ("OrderItemDto", "quantity", Rule::Keywords(quantity)),
    ("PlaceOrderRequest", "paid_at", Rule::Instant),
    (
        "LogisticsRequest",
        "tracking",
        Rule::Line(TRACKING_CHARS_MAX),
    ),
    (
        "EvidenceDto",
        "reference",
        Rule::Line(EVIDENCE_REFERENCE_CHARS_MAX),
    ),
    ("EvidenceDto", "note", Rule::Lines(LINES_CHARS_MAX)),
    (
        "OpenTicketRequest",
        "description",
        Rule::Lines(LINES_CHARS_MAX),
    ),
    (
        "OpenTicketRequest",
        "evidence",
        Rule::Keywords(evidence_list),
    ),
    ("OpenTicketRequest", "items", Rule::Keywords(item_list)),
    ("LogisticsRequest", "items", Rule::Keywords(item_list)),
    ("TicketActionRequest", "note", Rule::Lines(LINES_CHARS_MAX)),
    (
        "TicketActionRequest",
        "description",
        Rule::Lines(LINES_CHARS_MAX),
    ),
    (
        "TicketActionRequest",
        "tracking",
        Rule::Line(TRACKING_CHARS_MAX),
    ),
    (
        "TicketActionRequest",
        "evidence",
        Rule::Keywords(evidence_list),
    ),
    ("TicketActionRequest", "items", Rule::Keywords(item_list)),
    (
        "RefundResultRequest",
        "payment_reference",
        Rule::Line(LINE_CHARS_MAX),
    ),
    ("RefundResultRequest", "note", Rule::Lines(LINES_CHARS_MAX)),
    (
        "RefundHandlingRequest",
        "note",
        Rule::Lines(LINES_CHARS_MAX),
    ),
    ("PenaltyTextRequest", "note", Rule::Lines(LINES_CHARS_MAX)),
    (
        "CreatorPenaltyTextRequest",
        "note",
        Rule::Lines(LINES_CHARS_MAX),
    ),
    ("PutStrategyRequest", "name", Rule::Line(100)),
    (
        "ShopNameRequest",
        "name",
        Rule::Line(redress_domain::merchant::SHOP_NAME_CHARS_MAX),
    ),
    ("ConditionDto", "categories", Rule::Keywords(categories)),
    (
        "ConditionDto",
        "amount_max_minor",
        Rule::Keywords(positive_amount),
    ),
    ("TrustRequest", "account_created_at", Rule::Instant),
    ("EvaluationRequest", "day", Rule::Day),
    ("CreateKeyRequest", "name", Rule::Line(100)),
    ("CreateKeyRequest", "merchant_id", Rule::Keywords(id)),
    ("CreateKeyRequest", "buyer_id", Rule::Keywords(id)),
    ("CreateWebhookRequest", "merchant_id", Rule::Keywords(id)),
];

/// The id grammar, for ids utoipa sees as plain strings (optional ones, query parameters).
fn id() -> Value {
    json!({
        "pattern": redress_domain::ID_PATTERN,
        "minLength": 1,
        "maxLength": redress_domain::ID_LENGTH_MAX,
    })
}

fn quantity() -> Value {
    json!({ "minimum": 1, "maximum": u32::MAX })
}

fn evidence_list() -> Value {
    json!({ "maxItems": EVIDENCE_PER_SIDE_MAX })
}

fn item_list() -> Value {
    json!({ "uniqueItems": true, "maxItems": redress_domain::ORDER_ITEMS_MAX })
}

fn categories() -> Value {
    json!({ "items": { "type": "string", "pattern": LINE, "maxLength": CATEGORY_CHARS_MAX } })
}

fn positive_amount() -> Value {
    json!({ "minimum": 1, "maximum": redress_domain::AMOUNT_MINOR_MAX })
}

/// The keywords a rule adds to a property, `required` telling whether the body must have it.
fn keywords(rule: Rule, required: bool) -> Value {
    match rule {
        Rule::Line(max) => json!({
            "pattern": if required { LINE_REQUIRED } else { LINE },
            "minLength": usize::from(required),
            "maxLength": max,
        }),
        Rule::Lines(max) => json!({
            "pattern": if required { LINES_REQUIRED } else { LINES },
            "minLength": usize::from(required),
            "maxLength": max,
        }),
        Rule::Instant => json!({ "format": "date-time", "pattern": INSTANT }),
        Rule::Day => json!({ "format": "date", "pattern": DAY }),
        Rule::Keywords(extra) => extra(),
    }
}

fn merge(into: &mut Value, extra: Value) {
    if let (Value::Object(into), Value::Object(extra)) = (into, extra) {
        into.extend(extra);
    }
}

/// Apply `rule` to `property` in `schema` and in every schema nested in it (`oneOf`
/// variants, `allOf` parts), but not through `$ref`s: those have rules of their own.
fn apply(schema: &mut Value, property: &str, rule: Rule) {
    let required = schema["required"]
        .as_array()
        .is_some_and(|r| r.iter().any(|name| name == property));
    if let Some(target) = schema
        .get_mut("properties")
        .and_then(|p| p.get_mut(property))
        .filter(|t| t.get("$ref").is_none())
    {
        merge(target, keywords(rule, required));
    }
    for nested in ["oneOf", "allOf", "anyOf"] {
        if let Some(Value::Array(parts)) = schema.get_mut(nested) {
            for part in parts {
                apply(part, property, rule);
            }
        }
    }
}

/// Every query or path parameter named like a day or an instant gets the API's range.
fn parameters(doc: &mut Value) {
    let Some(Value::Object(paths)) = doc.get_mut("paths") else {
        return;
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for operation in item.values_mut() {
            let Some(Value::Array(params)) = operation.get_mut("parameters") else {
                continue;
            };
            for param in params {
                let name = param["name"].as_str().unwrap_or("").to_owned();
                // An optional header is left out, never null: a client that sent a null as an
                // empty value would be refused (`Idempotency-Key`, `If-Match` take no empty one).
                if param["in"] == "header" && param["schema"]["type"] == json!(["string", "null"]) {
                    param["schema"]["type"] = json!("string");
                }
                if name == "Idempotency-Key" {
                    param["description"] = json!(IDEMPOTENCY_KEY);
                }
                let schema = &mut param["schema"];
                if schema.get("$ref").is_some() {
                    continue;
                }
                if matches!(
                    name.as_str(),
                    "merchant_id" | "buyer_id" | "order_id" | "ticket_id"
                ) && schema.get("pattern").is_none()
                {
                    merge(schema, id());
                }
                if name == "penalty_id" {
                    merge(schema, json!({ "pattern": PENALTY_ID }));
                }
                match (name.as_str(), schema["format"].as_str()) {
                    ("at" | "day", _) | (_, Some("date")) => {
                        merge(schema, json!({ "format": "date", "pattern": DAY }));
                    }
                    (_, Some("date-time")) => merge(schema, json!({ "pattern": INSTANT })),
                    _ => {}
                }
            }
        }
    }
}

/// The links from an operation's answer to the operations it makes reachable, so a
/// stateful run (schemathesis's, or a client's generator) follows the id it got back.
/// `(path, method, status, [(link name, operation id, [(parameter, expression)])])`.
#[allow(clippy::type_complexity)]
const LINKS: &[(&str, &str, &str, &[(&str, &str, &[(&str, &str)])])] = &[
    (
        "/v1/orders",
        "post",
        "201",
        &[
            (
                "GetOrder",
                "get_order",
                &[("order_id", "$request.body#/id")],
            ),
            (
                "Logistics",
                "logistics",
                &[("order_id", "$request.body#/id")],
            ),
            (
                "OpenTicket",
                "open_ticket",
                &[("order_id", "$request.body#/id")],
            ),
            (
                "GetMerchant",
                "get_merchant",
                &[("merchant_id", "$request.body#/merchant_id")],
            ),
        ],
    ),
    (
        "/v1/orders/{order_id}/tickets",
        "post",
        "201",
        &[
            (
                "GetTicket",
                "get_ticket",
                &[("ticket_id", "$request.body#/ticket_id")],
            ),
            (
                "TicketAction",
                "ticket_action",
                &[("ticket_id", "$request.body#/ticket_id")],
            ),
            (
                "RefundResult",
                "refund_result",
                &[("ticket_id", "$request.body#/ticket_id")],
            ),
            (
                "UploadFile",
                "upload",
                &[("ticket_id", "$request.body#/ticket_id")],
            ),
        ],
    ),
    (
        "/v1/tickets/{ticket_id}/files",
        "post",
        "201",
        &[(
            "DownloadFile",
            "download",
            &[
                ("ticket_id", "$request.path.ticket_id"),
                ("reference", "$response.body#/reference"),
            ],
        )],
    ),
    (
        "/v1/merchants/{merchant_id}/penalties",
        "get",
        "200",
        &[
            (
                "AppealPenalty",
                "appeal_penalty",
                &[
                    ("merchant_id", "$request.path.merchant_id"),
                    ("penalty_id", "$response.body#/data/0/id"),
                ],
            ),
            (
                "RevokePenalty",
                "revoke_penalty",
                &[
                    ("merchant_id", "$request.path.merchant_id"),
                    ("penalty_id", "$response.body#/data/0/id"),
                ],
            ),
        ],
    ),
    (
        "/v1/creators/{creator_id}/penalties",
        "get",
        "200",
        &[
            (
                "AppealCreatorPenalty",
                "appeal_creator_penalty",
                &[
                    ("creator_id", "$request.path.creator_id"),
                    ("penalty_id", "$response.body#/data/0/id"),
                ],
            ),
            (
                "RevokeCreatorPenalty",
                "revoke_creator_penalty",
                &[
                    ("creator_id", "$request.path.creator_id"),
                    ("penalty_id", "$response.body#/data/0/id"),
                ],
            ),
        ],
    ),
    (
        "/v1/webhooks",
        "post",
        "201",
        &[
            (
                "GetWebhook",
                "get_webhook",
                &[("webhook_id", "$response.body#/id")],
            ),
            (
                "DeleteWebhook",
                "delete_webhook",
                &[("webhook_id", "$response.body#/id")],
            ),
            (
                "ListDeliveries",
                "list_deliveries",
                &[("webhook_id", "$response.body#/id")],
            ),
        ],
    ),
    (
        "/v1/keys",
        "post",
        "201",
        &[(
            "RevokeKey",
            "revoke_key",
            &[("key_id", "$response.body#/key_id")],
        )],
    ),
    (
        "/v1/merchants/{merchant_id}/strategies/{strategy_id}",
        "put",
        "200",
        &[(
            "DisableStrategy",
            "disable_strategy",
            &[
                ("merchant_id", "$request.path.merchant_id"),
                ("strategy_id", "$request.path.strategy_id"),
            ],
        )],
    ),
];

fn links(doc: &mut Value) {
    for (path, method, status, links) in LINKS {
        let response = &mut doc["paths"][*path][*method]["responses"][*status];
        if !response.is_object() {
            continue;
        }
        let mut all = serde_json::Map::new();
        for (name, operation, parameters) in *links {
            let parameters: serde_json::Map<String, Value> = parameters
                .iter()
                .map(|(p, e)| ((*p).to_owned(), json!(e)))
                .collect();
            all.insert(
                (*name).to_owned(),
                json!({ "operationId": operation, "parameters": parameters }),
            );
        }
        response["links"] = Value::Object(all);
    }
}

/// The tagged bodies (`type` names the variant) that refuse unknown fields: utoipa closes a
/// struct's schema but not the variants of an enum.
const CLOSED_TAGGED: &[&str] = &[
    "LogisticsRequest",
    "TicketActionRequest",
    "RefundResultRequest",
    "RemedyDto",
    "VerdictOutcomeDto",
];

fn closed_variants(doc: &mut Value) {
    for name in CLOSED_TAGGED {
        let pointer = format!("/components/schemas/{name}/oneOf");
        if let Some(Value::Array(variants)) = doc.pointer_mut(&pointer) {
            for variant in variants {
                merge(variant, json!({ "additionalProperties": false }));
            }
        }
    }
}

/// A literal host name or address, an optional port (1 to 65535) and an optional path and
/// query of visible characters: what `url::Url::parse` takes as an `http(s)` URL with a host.
const WEBHOOK_URL: &str = "^https?://(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?::(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?(?:/[!-~]*)?$";

/// A subscription's URL and the patterns its `event_types` may name: every type, every
/// family's wildcard and `*`, as `routes::webhooks` checks them.
fn webhook_subscription(doc: &mut Value) {
    let Some(schema) = doc.pointer_mut("/components/schemas/CreateWebhookRequest/properties")
    else {
        return;
    };
    let mut patterns: Vec<String> = vec!["*".to_owned()];
    patterns.extend(
        redress_store::outbox::families()
            .iter()
            .map(|f| format!("{f}.*")),
    );
    patterns.extend(
        redress_store::outbox::EVENT_TYPES
            .iter()
            .map(|t| (*t).to_owned()),
    );
    merge(
        &mut schema["event_types"],
        json!({ "minItems": 1, "items": { "type": "string", "enum": patterns } }),
    );
    merge(
        &mut schema["url"],
        json!({
            "format": "uri",
            "pattern": WEBHOOK_URL,
            "maxLength": crate::routes::webhooks::URL_CHARS_MAX,
        }),
    );
}

/// A key's role decides whom it acts for: one variant per shape (a platform-wide role with
/// neither id, a merchant's key with `merchant_id`, a buyer's with `buyer_id`), so that a
/// body that fits the description is one the server takes.
fn key_roles(doc: &mut Value) {
    let Some(schema) = doc.pointer_mut("/components/schemas/CreateKeyRequest") else {
        return;
    };
    let properties = schema["properties"].clone();
    let variant = |roles: &[&str], acts_for: Option<&str>| {
        let mut props = properties.clone();
        props["role"] = json!({ "type": "string", "enum": roles });
        let mut required = vec!["role"];
        for field in ["merchant_id", "buyer_id"] {
            if acts_for == Some(field) {
                props[field]["type"] = json!("string");
                required.push(field);
            } else {
                props[field] = json!({ "type": "null", "description": "Left out (or null)" });
            }
        }
        json!({
            "type": "object",
            "required": required,
            "properties": props,
            "additionalProperties": false,
        })
    };
    *schema = json!({
        "description": schema["description"].clone(),
        "oneOf": [
            variant(&["operator", "arbitrator", "integration"], None),
            variant(&["merchant"], Some("merchant_id")),
            variant(&["buyer"], Some("buyer_id")),
        ],
    });
}

/// Closing refund handling takes a reason (`note`); restoring it takes none.
fn refund_handling(doc: &mut Value) {
    let Some(schema) = doc.pointer_mut("/components/schemas/RefundHandlingRequest") else {
        return;
    };
    let note = schema["properties"]["note"].clone();
    let mut reason = note.clone();
    merge(
        &mut reason,
        json!({
            "type": "string",
            "pattern": LINES_REQUIRED,
            "minLength": 1,
        }),
    );
    *schema = json!({
        "description": schema["description"].clone(),
        "oneOf": [
            {
                "type": "object",
                "required": ["closed", "note"],
                "properties": { "closed": { "type": "boolean", "enum": [true] }, "note": reason },
                "additionalProperties": false,
            },
            {
                "type": "object",
                "required": ["closed"],
                "properties": {
                    "closed": { "type": "boolean", "enum": [false] },
                    "note": { "type": "null", "description": "Left out (or null): restoring takes no reason" },
                },
                "additionalProperties": false,
            },
        ],
    });
}

/// An upload is one part named `file`; what it holds (an image, a video or a PDF, by its
/// bytes) the description says in words.
fn upload(doc: &mut Value) {
    let Some(media) = doc.pointer_mut(
        "/paths/~1v1~1tickets~1{ticket_id}~1files/post/requestBody/content/multipart~1form-data",
    ) else {
        return;
    };
    media["schema"] = json!({
        "type": "object",
        "required": ["file"],
        "properties": {
            "file": {
                "type": "string",
                "format": "binary",
                "description": "A JPEG, PNG, GIF or WebP image, an MP4 video or a PDF, told by its bytes",
            },
        },
        "additionalProperties": false,
    });
}

/// What a download answers with: the type the upload's bytes were told as
/// (`evidence_files::sniff`), never another.
const FILE_TYPES: &[&str] = &[
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "video/mp4",
    "application/pdf",
];

fn download(doc: &mut Value) {
    let Some(ok) =
        doc.pointer_mut("/paths/~1v1~1tickets~1{ticket_id}~1files~1{reference}/get/responses/200")
    else {
        return;
    };
    let content: serde_json::Map<String, Value> = FILE_TYPES
        .iter()
        .map(|t| {
            (
                (*t).to_owned(),
                json!({ "schema": { "type": "string", "format": "binary" } }),
            )
        })
        .collect();
    ok["content"] = Value::Object(content);
}

/// The document utoipa derived, with the rules and links above.
pub(crate) fn complete(doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    let mut value = serde_json::to_value(&doc).expect("the API description serialises");
    for (schema, property, rule) in RULES {
        if let Some(target) = value
            .get_mut("components")
            .and_then(|c| c.get_mut("schemas"))
            .and_then(|s| s.get_mut(*schema))
        {
            apply(target, property, *rule);
        }
    }
    closed_variants(&mut value);
    webhook_subscription(&mut value);
    key_roles(&mut value);
    refund_handling(&mut value);
    upload(&mut value);
    download(&mut value);
    parameters(&mut value);
    links(&mut value);
    serde_json::from_value(value).expect("the completed description reads back")
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    fn document() -> Value {
        serde_json::to_value(crate::openapi()).expect("serialises")
    }

    /// Every rule a body or header of these operations must follow is in the document
    /// (issue 17, point 4): schema-valid requests are ones the server takes.
    #[test]
    fn the_document_states_the_rules_the_server_enforces() {
        let doc = document();
        let schemas = &doc["components"]["schemas"];
        let roles: Vec<&Value> = schemas["CreateKeyRequest"]["oneOf"]
            .as_array()
            .expect("one variant per shape of key")
            .iter()
            .map(|v| &v["properties"]["role"]["enum"])
            .collect();
        assert_eq!(
            roles,
            [
                &json!(["operator", "arbitrator", "integration"]),
                &json!(["merchant"]),
                &json!(["buyer"])
            ]
        );
        let handling = schemas["RefundHandlingRequest"]["oneOf"]
            .as_array()
            .expect("closing and restoring");
        assert_eq!(handling[0]["required"], json!(["closed", "note"]));
        assert_eq!(handling[1]["properties"]["note"]["type"], "null");
        let types = &schemas["CreateWebhookRequest"]["properties"]["event_types"]["items"]["enum"];
        for pattern in ["*", "ticket.*", "refund.requested", "ticket.refunded"] {
            assert!(
                types.as_array().expect("an enum").contains(&json!(pattern)),
                "{pattern}"
            );
        }
        for name in super::CLOSED_TAGGED {
            for variant in schemas[*name]["oneOf"].as_array().expect("variants") {
                assert_eq!(variant["additionalProperties"], false, "{name}");
            }
        }
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, operation) in item.as_object().expect("operations") {
                for param in operation["parameters"].as_array().into_iter().flatten() {
                    if param["in"] == "header" {
                        assert_eq!(
                            param["schema"]["type"], "string",
                            "{method} {path} {}",
                            param["name"]
                        );
                    }
                }
            }
        }
    }

    /// The rules a schema-valid request of these operations was still refused for, before
    /// they were stated (schemathesis's `validation_mismatch`, issue 17 point 4), and the
    /// links a stateful client follows from what it created to the operations behind it.
    #[test]
    fn the_document_states_days_texts_uploads_and_links_to_what_was_created() {
        let doc = document();
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["EvaluationRequest"]["properties"]["day"]["pattern"],
            super::DAY
        );
        assert_eq!(
            schemas["CreatorPenaltyTextRequest"]["properties"]["note"]["pattern"],
            super::LINES_REQUIRED
        );
        let upload = &doc["paths"]["/v1/tickets/{ticket_id}/files"]["post"]["requestBody"]["content"]
            ["multipart/form-data"]["schema"];
        assert_eq!(upload["required"], json!(["file"]));
        assert_eq!(upload["additionalProperties"], false);
        let key = doc["paths"]["/v1/evaluations"]["post"]["parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .find(|p| p["name"] == "Idempotency-Key")
            .expect("an Idempotency-Key header");
        assert!(
            key["description"]
                .as_str()
                .is_some_and(|d| d.contains("idempotency_key_reused")),
            "{key}"
        );
        let links = |path: &str, method: &str, status: &str| -> Vec<String> {
            doc["paths"][path][method]["responses"][status]["links"]
                .as_object()
                .map(|l| {
                    l.values()
                        .map(|v| v["operationId"].as_str().unwrap_or("").to_owned())
                        .collect()
                })
                .unwrap_or_default()
        };
        assert!(links("/v1/webhooks", "post", "201").contains(&"get_webhook".to_owned()));
        assert!(
            links("/v1/orders/{order_id}/tickets", "post", "201").contains(&"upload".to_owned())
        );
        assert_eq!(
            links("/v1/tickets/{ticket_id}/files", "post", "201"),
            ["download"]
        );
        assert!(
            links("/v1/creators/{creator_id}/penalties", "get", "200")
                .contains(&"appeal_creator_penalty".to_owned())
        );
        let answers = doc["paths"]["/v1/tickets/{ticket_id}/files/{reference}"]["get"]["responses"]
            ["200"]["content"]
            .as_object()
            .expect("the download's types");
        for head in [
            &b"\xFF\xD8\xFF\xE0"[..],
            b"\x89PNG\r\n\x1a\n",
            b"GIF89a",
            b"RIFF\0\0\0\0WEBPVP8 ",
            b"\0\0\0\x18ftypmp42",
            b"%PDF-1.7",
        ] {
            let kind = crate::evidence_files::sniff(head).expect("a type uploads take");
            assert!(answers.contains_key(kind), "{kind}");
        }
        assert_eq!(answers.len(), super::FILE_TYPES.len());
        // Every link names an operation that exists.
        let operations: Vec<&str> = doc["paths"]
            .as_object()
            .expect("paths")
            .values()
            .flat_map(|item| item.as_object().expect("operations").values())
            .filter_map(|op| op["operationId"].as_str())
            .collect();
        for (path, _, _, named) in super::LINKS {
            for (name, operation, _) in *named {
                assert!(
                    operations.contains(operation),
                    "{path}: {name} → {operation}"
                );
            }
        }
    }
}
