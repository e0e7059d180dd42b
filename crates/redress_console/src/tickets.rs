//! What the merchant's, the buyer's and the arbitrator's ticket pages share: a ticket in
//! scope as the templates show it, and acting on it through the engine exactly like
//! `POST /v1/tickets/{id}/actions` (the same request type, the same validation, the same
//! problem codes), with each refusal placed next to the field it names.

use super::format;
use super::i18n::Lang;
use super::parcel_views::{ParcelView, parcel_text, parcel_view};
use super::session::Viewer;
use axum::extract::Multipart;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use redress_domain::dispute::{self, DisputeResolution, VerdictOutcome};
use redress_domain::evidence::{Evidence, Side};
use redress_domain::{Money, Order, OrderChange, OrderCommand, TicketId, TicketState};
use redress_engine::{Command, Submission};
use redress_http::AppState;
use redress_http::dto::{ActorDto, OrderResponse, TicketActionRequest};
use redress_http::error::ApiError;
use redress_store::api::ApiStore;
use std::collections::HashMap;

/// A live deadline as shown: what it is, when, and a countdown the script keeps live.
#[derive(Clone, Debug)]
pub(crate) struct DeadlineView {
    pub label: &'static str,
    pub due: String,
    pub local: String,
    pub countdown: String,
    pub overdue: bool,
    /// Less than six hours left.
    pub soon: bool,
}

impl DeadlineView {
    pub(crate) fn new(
        kind: &str,
        due: Timestamp,
        now: Timestamp,
        zone: &TimeZone,
        lang: Lang,
    ) -> Self {
        let left = due.as_second() - now.as_second();
        DeadlineView {
            label: lang.t(&format!("deadline.{kind}")),
            due: redress_http::dto::rfc3339(due),
            local: format::local_time(due, zone),
            countdown: format::countdown(now, due, lang),
            overdue: left < 0,
            soon: (0..6 * 3600).contains(&left),
        }
    }

    /// The countdown's CSS class.
    pub(crate) fn class(&self) -> &'static str {
        if self.overdue {
            "countdown overdue"
        } else if self.soon {
            "countdown soon"
        } else {
            "countdown"
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct EvidenceView {
    pub kind: &'static str,
    pub reference: String,
    pub note: String,
    /// The console's link to an uploaded file (`sha256:…` references).
    pub file_href: Option<String>,
    /// Photos are shown as thumbnails.
    pub is_photo: bool,
    pub side: &'static str,
}

#[derive(Clone, Debug)]
pub(crate) struct TimelineView {
    pub at: String,
    /// Who acted, by role in the page's language.
    pub actor: String,
    /// The acting merchant's, buyer's or key's id, shown as code.
    pub actor_id: Option<String>,
    /// The named person who acted (a staff account), as people wrote it.
    pub person: Option<String>,
    pub event: String,
}

/// One message of the ticket's thread (协商历史).
#[derive(Clone, Debug)]
pub(crate) struct MessageView {
    pub at: String,
    /// `buyer`, `merchant` or `platform`, for the bubble's side and colour.
    pub side: &'static str,
    /// Who wrote it, as the page says it.
    pub author: String,
    pub text: String,
}

#[derive(Clone, Debug)]
pub(crate) struct ChecklistView {
    pub kind: &'static str,
    /// The kind's code (`photos`), which the forms' script matches against the kinds chosen.
    pub code: &'static str,
    pub given: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct DisputeView {
    pub first_requested_at: String,
    pub open: bool,
    pub rounds: u32,
    pub resolution: Option<String>,
    pub verdict: Option<String>,
    /// The arbitrator's words, as written (not translated).
    pub reasoning: Option<String>,
    pub evidence: Vec<EvidenceView>,
}

/// A ticket and its order, ready for a template.
#[derive(Clone, Debug)]
pub(crate) struct TicketView {
    pub id: String,
    pub order_id: String,
    pub merchant_id: String,
    pub buyer_id: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub reason_label: &'static str,
    /// The reason's code, the amount in yuan as a form takes it, its currency and the items
    /// asked about (comma-separated): what the buyer's edit form starts from.
    pub reason: &'static str,
    pub amount_yuan: String,
    pub currency: String,
    pub items: String,
    /// The lines the ticket holds (issue 18).
    pub lines: Vec<LineView>,
    pub state: &'static str,
    pub state_label: &'static str,
    pub amount: String,
    pub refunded: String,
    /// The shipping fee the amount includes (issue 18), when it includes one.
    pub shipping_fee: Option<String>,
    /// Who bears the return parcel's cost, as a label, for a kind whose goods go back.
    pub return_shipping: Option<&'static str>,
    pub description: String,
    pub opened_at: String,
    pub deadline: Option<DeadlineView>,
    pub return_signed_at: Option<String>,
    pub auto_rule: Option<String>,
    pub overdue_approved: bool,
    pub notes: Vec<String>,
    pub refund_alert: Option<String>,
    /// A remedy the merchant proposed and the buyer has not answered.
    pub proposal: Option<String>,
    pub buyer_evidence: Vec<EvidenceView>,
    pub rejection_reason: Option<String>,
    pub rejection_evidence: Vec<EvidenceView>,
    pub dispute: Option<DisputeView>,
    pub checklist_buyer: Vec<ChecklistView>,
    /// The merchant's internal list: a buyer's page empties it (`hide_from_buyer`).
    pub checklist_merchant: Vec<ChecklistView>,
    /// The viewer's own side's list, shown in its evidence forms before submitting.
    pub form_checklist: Vec<ChecklistView>,
    pub version: u64,
    pub order: OrderView,
    pub timeline: Vec<TimelineView>,
    /// The thread, oldest first.
    pub messages: Vec<MessageView>,
    /// Whether the viewer may write on the thread (the platform only once in a dispute).
    pub can_post: bool,
    /// Whether the ticket's forms post `multipart/form-data` (the arbitration page's do not).
    pub multipart: bool,
    /// Where the return goes: the ticket's own address, else the shop's.
    pub return_address: Option<String>,
    /// Whether the buyer is shown `return_address` (a return agreed, not yet accepted).
    pub return_address_for_buyer: bool,
    /// The ticket's own return address, for the merchant's form.
    pub own_return_address: String,
}

impl TicketView {
    /// What a buyer may not see: the merchant's evidence checklist, and the return address
    /// before a return is agreed.
    pub(crate) fn hide_from_buyer(&mut self) {
        self.checklist_merchant.clear();
        self.form_checklist = self.checklist_buyer.clone();
        self.own_return_address.clear();
        if !self.return_address_for_buyer {
            self.return_address = None;
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct OrderView {
    pub paid: String,
    pub paid_at: String,
    /// The shipping fee, part of `paid` (issue 18).
    pub shipping_fee: String,
    /// Freight insurance (运费险) bought with the order.
    pub freight_insurance: bool,
    pub fulfilment: String,
    /// `unshipped`, `shipped`, `in_transit`, `delivered` or `returning`.
    pub stage: String,
    pub tracking: Option<String>,
    pub items: Vec<ItemView>,
    /// The outbound parcels (on a ticket's page, those carrying its lines).
    pub parcels: Vec<ParcelView>,
}

/// A line a ticket holds: its item, units and share of the amount.
#[derive(Clone, Debug)]
pub(crate) struct LineView {
    pub item: String,
    pub quantity: u32,
    pub amount: String,
}

#[derive(Clone, Debug)]
pub(crate) struct ItemView {
    pub id: String,
    pub product: String,
    /// The category's display name, or the merchant's own word for it.
    pub category: String,
    /// Whether `category` is a display name (else it is the merchant's data, not translated).
    pub category_known: bool,
    pub quantity: u32,
    pub amount: String,
    pub seven_day_return: bool,
}

/// An automatic rule as a reader sees it: its display name, and a strategy's own name and
/// version.
pub(crate) fn rule_text(rule: &redress_domain::automatic::Rule, lang: Lang) -> String {
    match rule {
        redress_domain::automatic::Rule::Strategy { name, version, .. } => format!(
            "{} “{name}” · {} {version}",
            lang.t("rule.merchant_strategy"),
            lang.t("rule.version")
        ),
        other => lang.t(&format!("rule.{}", other.code())).to_owned(),
    }
}

/// A product category's display name where the console knows the category (the demo's and
/// the tests' English codes), else the merchant's own word for it.
pub(crate) fn category_text(raw: &str, lang: Lang) -> &str {
    let key = format!("category.{raw}");
    if lang.known(&key) { lang.t(&key) } else { raw }
}

fn money(m: Money) -> String {
    format::money(m.minor(), m.currency().as_str())
}

fn evidence_view(ticket: &TicketId, e: &Evidence, side: &'static str, lang: Lang) -> EvidenceView {
    EvidenceView {
        kind: lang.t(&format!("evidence.{}", e.kind.as_str())),
        reference: e.reference.clone(),
        note: e.note.clone(),
        // Only a well-formed reference becomes a link; whether the file is this ticket's is
        // checked in `view` before the page shows it.
        file_href: redress_http::evidence_files::hex_of(&e.reference)
            .map(|hex| format!("/tickets/{ticket}/files/sha256:{hex}")),
        is_photo: e.kind == redress_domain::evidence::EvidenceKind::Photos,
        side,
    }
}

/// The ticket if the viewer's key may see it; `None` answers 404 like the API.
pub(crate) async fn visible(
    state: &AppState,
    viewer: &Viewer,
    raw_id: &str,
) -> Result<Option<(Order, TicketId)>, ApiError> {
    let Ok(id) = redress_http::dto::ticket_id("ticket_id", raw_id) else {
        return Ok(None);
    };
    match redress_http::shared::visible_ticket(state, &viewer.principal, &id).await {
        Ok(order) => Ok(Some((order, id))),
        Err(error) if error.status == axum::http::StatusCode::NOT_FOUND => Ok(None),
        Err(error) => Err(error),
    }
}

/// The ticket page's model.
pub(crate) async fn view(
    state: &AppState,
    lang: Lang,
    order: &Order,
    id: &TicketId,
) -> Result<TicketView, ApiError> {
    let zone = state.engine.zone();
    let now = state.engine.clock().now();
    let ticket = &order.tickets[id];
    let local = |at: Timestamp| format::local_time(at, &zone);
    let events = state
        .engine
        .store()
        .order_events(&order.merchant, &order.id)
        .await?;
    // Staff accounts are named by the person, not by their id.
    let names =
        redress_http::staff::names_of(state.engine.store(), events.iter().map(|e| &e.actor))
            .await?;
    let timeline = events
        .iter()
        .filter(|event| match &event.change {
            OrderChange::Placed(_) | OrderChange::ParcelUpdated { .. } => true,
            OrderChange::Ticket { ticket, .. } => *ticket == *id,
        })
        .map(|event| {
            let actor = ActorDto::from(&event.actor);
            let role = lang.t(&format!("actor.{}", actor.role));
            let person =
                redress_http::staff::person_of(&event.actor).and_then(|s| names.get(s.as_str()));
            TimelineView {
                at: local(event.at),
                actor: role.to_owned(),
                // A platform person is named instead of their key's id; a shop's person
                // after the shop's id.
                actor_id: match (&person, &actor.staff_id) {
                    (Some(_), None) => None,
                    _ => actor.id,
                },
                person: person.cloned(),
                event: match &event.change {
                    OrderChange::ParcelUpdated { parcel, update } => {
                        parcel_text(parcel, update, lang)
                    }
                    other => lang.t(&format!("event.{}", other.name())).to_owned(),
                },
            }
        })
        .rev()
        .collect();
    let proposal = match &ticket.state {
        TicketState::Requested {
            proposal: Some(remedy),
            ..
        } => Some(match remedy {
            redress_domain::Remedy::PartialCompensation { amount } => format!(
                "{} {}",
                lang.t("remedy.partial_compensation"),
                money(*amount)
            ),
            other => lang.t(&format!("remedy.{}", other.as_str())).to_owned(),
        }),
        _ => None,
    };
    let checklist = |side: Side| {
        dispute::checklist(ticket, side)
            .into_iter()
            .map(|line| ChecklistView {
                kind: lang.t(&format!("evidence.{}", line.kind.as_str())),
                code: line.kind.as_str(),
                given: line.given,
            })
            .collect::<Vec<_>>()
    };
    let dispute = ticket.dispute.as_ref().map(|d| DisputeView {
        first_requested_at: local(d.first_requested_at),
        open: d.open,
        rounds: d.rounds,
        resolution: d.resolution.as_ref().map(|r| match r {
            DisputeResolution::SettledByMerchant { .. } => {
                lang.t("dispute.settled_by_merchant").to_owned()
            }
            DisputeResolution::Decided(_) => lang.t("dispute.decided").to_owned(),
        }),
        verdict: d.resolution.as_ref().and_then(|r| match r {
            DisputeResolution::Decided(v) => Some(format!(
                "{} · {}{}",
                lang.t(&format!("responsibility.{}", v.responsibility.as_str())),
                lang.t(&format!("outcome.{}", v.outcome.as_str())),
                match &v.outcome {
                    VerdictOutcome::PartialRefund { amount } => format!(" {}", money(*amount)),
                    VerdictOutcome::FullRefund | VerdictOutcome::NoRefund => String::new(),
                },
            )),
            DisputeResolution::SettledByMerchant { .. } => None,
        }),
        reasoning: d.resolution.as_ref().and_then(|r| match r {
            DisputeResolution::Decided(v) => Some(v.reasoning.clone()),
            DisputeResolution::SettledByMerchant { .. } => None,
        }),
        evidence: d
            .evidence
            .iter()
            .map(|e| {
                let side = match e.side {
                    Side::Buyer => "buyer",
                    Side::Merchant => "merchant",
                };
                evidence_view(id, &e.evidence, side, lang)
            })
            .collect(),
    });
    let shop = state.engine.merchant(&order.merchant).await?;
    let shop_address = shop.as_ref().and_then(|m| m.return_address.as_deref());
    let messages = ticket
        .messages
        .iter()
        .map(|m| {
            let actor = ActorDto::from(&m.author);
            let side = match actor.role.as_str() {
                "buyer" => "buyer",
                "merchant" => "merchant",
                _ => "platform",
            };
            MessageView {
                at: local(m.at),
                side,
                author: lang.t(&format!("actor.{}", actor.role)).to_owned(),
                text: m.text.clone(),
            }
        })
        .collect();
    let mut view = TicketView {
        id: ticket.id.to_string(),
        order_id: order.id.to_string(),
        merchant_id: order.merchant.to_string(),
        buyer_id: order.buyer.to_string(),
        kind: ticket.kind.as_str(),
        kind_label: lang.t(&format!("kind.{}", ticket.kind.as_str())),
        reason_label: lang.t(&format!("reason.{}", ticket.reason.as_str())),
        reason: ticket.reason.as_str(),
        amount_yuan: format!(
            "{}.{:02}",
            ticket.amount.minor() / 100,
            ticket.amount.minor() % 100
        ),
        currency: ticket.amount.currency().as_str().to_owned(),
        items: ticket
            .items
            .iter()
            .map(|l| format!("{}:{}", l.item, l.quantity))
            .collect::<Vec<_>>()
            .join(","),
        lines: ticket
            .items
            .iter()
            .map(|l| LineView {
                item: l.item.to_string(),
                quantity: l.quantity,
                amount: money(l.amount),
            })
            .collect(),
        state: ticket.state.name().as_str(),
        state_label: lang.t(&format!("state.{}", ticket.state.name().as_str())),
        amount: money(ticket.amount),
        refunded: money(ticket.refunded),
        shipping_fee: (!ticket.shipping_fee.is_zero()).then(|| money(ticket.shipping_fee)),
        return_shipping: ticket
            .return_shipping
            .map(|payer| lang.t(&format!("return_shipping.{}", payer.as_str()))),
        description: ticket.description.clone(),
        opened_at: local(ticket.opened_at),
        deadline: ticket
            .deadline()
            .map(|d| DeadlineView::new(d.kind.as_str(), d.due_at, now, &zone, lang)),
        return_signed_at: ticket.return_signed_at.map(local),
        auto_rule: ticket.auto_rule.as_ref().map(|rule| rule_text(rule, lang)),
        overdue_approved: ticket.overdue_approved,
        notes: ticket.notes.clone(),
        refund_alert: ticket.refund_alert.clone(),
        proposal,
        buyer_evidence: ticket
            .buyer_evidence
            .iter()
            .map(|e| evidence_view(id, e, "buyer", lang))
            .collect(),
        rejection_reason: ticket.rejection.as_ref().map(|r| r.reason.clone()),
        rejection_evidence: ticket
            .rejection
            .iter()
            .flat_map(|r| r.evidence.iter())
            .map(|e| evidence_view(id, e, "merchant", lang))
            .collect(),
        dispute,
        checklist_buyer: checklist(Side::Buyer),
        checklist_merchant: checklist(Side::Merchant),
        form_checklist: checklist(Side::Merchant),
        version: ticket.version,
        order: {
            // The merchant (and everyone) sees each parcel carrying the ticket's lines.
            let mut view = order_view(order, lang, &zone);
            let lines = ticket.item_ids();
            view.parcels = order
                .parcels_of(&lines)
                .map(|p| parcel_view(p, lang))
                .collect();
            view
        },
        timeline,
        messages,
        can_post: true,
        multipart: true,
        return_address: ticket
            .return_address
            .as_deref()
            .or(shop_address)
            .map(str::to_owned),
        return_address_for_buyer: ticket.return_address_for_buyer(shop_address).is_some(),
        own_return_address: ticket.return_address.clone().unwrap_or_default(),
    };
    only_own_files(state, order, id, &mut view).await?;
    Ok(view)
}

/// Evidence may show only files uploaded to its own ticket: a `sha256:` reference that is not
/// one of them (stored before references were checked) is shown as nothing at all, neither a
/// link nor the reference.
async fn only_own_files(
    state: &AppState,
    order: &Order,
    id: &TicketId,
    view: &mut TicketView,
) -> Result<(), ApiError> {
    let lists = [&mut view.buyer_evidence, &mut view.rejection_evidence]
        .into_iter()
        .chain(view.dispute.as_mut().map(|d| &mut d.evidence));
    for list in lists {
        for item in list.iter_mut() {
            if !item.reference.starts_with("sha256:") {
                continue;
            }
            let held = state
                .files
                .holds(order.merchant.as_str(), id.as_str(), &item.reference)
                .await
                .map_err(|error| {
                    tracing::error!(%error, "evidence storage failed");
                    ApiError::internal("the evidence store failed; try again")
                })?;
            if !held {
                item.reference.clear();
                item.file_href = None;
            }
        }
    }
    Ok(())
}

/// An order as the ticket and order pages show it.
pub(crate) fn order_view(order: &Order, lang: Lang, zone: &TimeZone) -> OrderView {
    let order_dto = OrderResponse::from(order);
    let stage = serde_json::to_value(order_dto.fulfilment)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    OrderView {
        paid: money(order.paid),
        paid_at: format::local_time(order.paid_at, zone),
        shipping_fee: money(order.shipping_fee),
        freight_insurance: order.freight_insurance,
        fulfilment: lang.t(&format!("fulfilment.{stage}")).to_owned(),
        stage,
        tracking: order_dto.tracking.clone(),
        items: order_dto
            .items
            .iter()
            .map(|i| ItemView {
                id: i.id.0.clone(),
                product: i.product_id.0.clone(),
                category: category_text(&i.category, lang).to_owned(),
                category_known: lang.known(&format!("category.{}", i.category)),
                quantity: i.quantity,
                amount: format::money(i.amount.amount, &i.amount.currency),
                seven_day_return: i.seven_day_return,
            })
            .collect(),
        parcels: order.parcels.iter().map(|p| parcel_view(p, lang)).collect(),
    }
}

/// A submitted action form: its text fields and at most one uploaded file per evidence slot
/// (`file`, `file_1`, `file_2`), each received into a temporary file (kept when the action
/// runs, removed otherwise).
#[derive(Debug, Default)]
pub(crate) struct ActionForm {
    pub fields: HashMap<String, String>,
    files: std::sync::Mutex<HashMap<usize, redress_http::evidence_files::Staged>>,
}

impl ActionForm {
    /// A form with these fields and no file, as a test sends it.
    #[cfg(test)]
    pub(crate) fn with_fields(fields: HashMap<String, String>) -> Self {
        ActionForm {
            fields,
            files: std::sync::Mutex::new(HashMap::new()),
        }
    }

    /// The ticket version the form was shown at, for optimistic concurrency like `If-Match`.
    pub(crate) fn version(&self) -> Option<u64> {
        self.get("version").parse().ok()
    }

    pub(crate) fn get(&self, name: &str) -> &str {
        self.fields.get(name).map(|s| s.trim()).unwrap_or("")
    }

    /// The file uploaded in evidence slot `slot`, once.
    pub(super) fn take_file(&self, slot: usize) -> Option<redress_http::evidence_files::Staged> {
        self.files
            .lock()
            .map(|mut files| files.remove(&slot))
            .unwrap_or(None)
    }

    fn put_file(&self, slot: usize, staged: redress_http::evidence_files::Staged) -> bool {
        self.files
            .lock()
            .map(|mut files| files.insert(slot, staged).is_none())
            .unwrap_or(false)
    }

    /// Read a `multipart/form-data` form (the action forms carry evidence files). The file
    /// is streamed like `POST /v1/tickets/{id}/files`: under the same size limit and the
    /// same cap on uploads running at once.
    pub(crate) async fn read(
        state: &AppState,
        mut multipart: Multipart,
    ) -> Result<ActionForm, ApiError> {
        let mut form = ActionForm::default();
        while let Some(part) = multipart
            .next_field()
            .await
            .map_err(|e| ApiError::field("file", e.body_text()))?
        {
            let name = part.name().unwrap_or("").to_owned();
            if let Some(slot) = super::evidence_form::file_slot(&name) {
                // A file input left empty still sends its part, with no file name.
                if part.file_name().is_none_or(str::is_empty) {
                    continue;
                }
                let permit = redress_http::shared::files::begin_upload(state)?;
                let staged = redress_http::shared::files::receive(state, part).await?;
                drop(permit);
                if staged.size() > 0 && !form.put_file(slot, staged) {
                    return Err(ApiError::field(name, "one file per evidence item"));
                }
            } else {
                let text = part
                    .text()
                    .await
                    .map_err(|e| ApiError::field(name.clone(), e.body_text()))?;
                form.fields.insert(name, text);
            }
        }
        Ok(form)
    }
}

/// Why an action was refused: the fields it names and a message for the form as a whole.
#[derive(Clone, Debug, Default)]
pub(crate) struct Refusal {
    /// The action whose form the refusal belongs to.
    pub action: String,
    pub fields: HashMap<String, String>,
    pub general: Option<String>,
}

impl Refusal {
    /// An engine or API error as the form shows it: a field-level message where the
    /// error names a field (translated where a message exists for its code), otherwise a
    /// message above the form's button.
    pub(crate) fn of(action: &str, error: &ApiError, lang: Lang) -> Refusal {
        let key = format!("problem.{}", error.code);
        let translated = lang.t(&key);
        // The engine's reasons are English: an English page adds them in brackets, a
        // Chinese one shows only its own message (a generic one for a code without one).
        let known = translated != key;
        let text = |reason: &str| match (lang, known) {
            (Lang::En, false) => reason.to_owned(),
            (Lang::En, true) => format!("{translated} ({reason})"),
            (Lang::Zh, false) => lang.t("problem.other").to_owned(),
            (Lang::Zh, true) => translated.to_owned(),
        };
        let mut refusal = Refusal {
            action: action.to_owned(),
            ..Refusal::default()
        };
        for field in &error.errors {
            // `amount.amount` and `remedy.amount` are the form's `amount`; evidence lines are
            // `evidence`. A field no form shows (`If-Match`, an item) goes above the button.
            let name = field_name(action, &field.field);
            if FORM_FIELDS.contains(&name.as_str()) {
                refusal.fields.insert(name, text(&field.reason));
            } else {
                refusal.general = Some(text(&field.reason));
            }
        }
        if error.errors.is_empty() {
            refusal.general = Some(text(&error.detail));
        }
        refusal
    }

    /// One message for the whole refusal (a list that has no form to place fields in): the
    /// general one, or else the first field's.
    pub(crate) fn message(action: &str, error: &ApiError, lang: Lang) -> String {
        let refusal = Refusal::of(action, error, lang);
        refusal
            .general
            .or_else(|| refusal.fields.into_values().next())
            .unwrap_or_else(|| lang.t("problem.other").to_owned())
    }

    /// The message for field `name` of `action`'s form.
    pub(crate) fn field(&self, action: &str, name: &str) -> Option<&str> {
        (self.action == action)
            .then(|| self.fields.get(name).map(String::as_str))
            .flatten()
    }

    pub(crate) fn general_for(&self, action: &str) -> Option<&str> {
        (self.action == action)
            .then_some(self.general.as_deref())
            .flatten()
    }
}

/// The fields the action forms show errors beside; every form that has one of these
/// controls shows its error.
const FORM_FIELDS: &[&str] = &[
    "reason",
    "amount",
    "evidence",
    "file",
    "evidence_reference",
    "tracking",
    "note",
    "reasoning",
    "description",
    "text",
    "address",
];

/// The form field an API field path belongs to. The API names every action's free text
/// `note`; the reject form calls it the reason and the verdict form the reasoning.
fn field_name(action: &str, api_field: &str) -> String {
    let head = api_field.split(['.', '[']).next().unwrap_or(api_field);
    match (action, head) {
        (_, "remedy" | "outcome") => "amount".to_owned(),
        ("reject", "note") => "reason".to_owned(),
        ("give_verdict", "note") => "reasoning".to_owned(),
        (_, other) => other.to_owned(),
    }
}

/// Yuan as typed (`12`, `12.5`, `12.34`, `¥12.34`) to fen; `None` if it is not an amount.
pub(crate) fn parse_yuan(raw: &str) -> Option<i64> {
    let raw = raw.trim().trim_start_matches('¥').trim();
    let (whole, fraction) = raw.split_once('.').unwrap_or((raw, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || fraction.len() > 2 {
        return None;
    }
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let fen = format!("{fraction:0<2}").parse::<i64>().ok()?;
    whole
        .parse::<i64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(fen)
}

/// The evidence an action form carries: a file uploaded now (stored like
/// `POST /v1/tickets/{id}/files`) or a reference typed in (a tracking number, a file
/// reference), with its kind and note. `None` when the form has no evidence.
pub(crate) async fn evidence_of(
    state: &AppState,
    order: &Order,
    ticket: &TicketId,
    form: &ActionForm,
) -> Result<Option<serde_json::Value>, ApiError> {
    let mut reference = form.get("evidence_reference").to_owned();
    if let Some(staged) = form.take_file(0) {
        let stored = redress_http::shared::files::store(state, order, ticket, staged).await?;
        reference = stored.reference;
    }
    if reference.is_empty() {
        return Ok(None);
    }
    Ok(Some(serde_json::json!({
        "kind": form.get("evidence_kind"),
        "reference": reference,
        "note": form.get("evidence_note"),
    })))
}

/// What an area's form makes of its fields and evidence items (amounts in the ticket's
/// currency): the API request body, or the field and the message key of what is missing.
pub(crate) type BodyOf = fn(
    &ActionForm,
    Vec<serde_json::Value>,
    &str,
) -> Result<serde_json::Value, (&'static str, &'static str)>;

/// Run a ticket form's action: keep its evidence file, build the request body with the
/// area's `body_of`, and hand it to the engine; a refusal names the field it concerns.
pub(crate) async fn run_action(
    state: &AppState,
    viewer: &Viewer,
    order: &Order,
    ticket: &TicketId,
    form: &mut ActionForm,
    body_of: BodyOf,
) -> Result<(), Refusal> {
    let lang = viewer.chrome.lang;
    let action = form.get("action").to_owned();
    let action = action.as_str();
    if action == "post_message" {
        return post_message(state, viewer, order, ticket, form.get("text"))
            .await
            .map_err(|error| Refusal::of(action, &error, lang));
    }
    let evidence = super::evidence_form::evidence_list(state, order, ticket, form)
        .await
        .map_err(|error| Refusal::of(action, &error, lang))?;
    // An amount typed in the form is in the ticket's currency, whatever the order's shop uses.
    let currency = order
        .tickets
        .get(ticket)
        .map(|t| t.amount.currency().as_str().to_owned())
        .unwrap_or_else(|| order.paid.currency().as_str().to_owned());
    let body = body_of(form, evidence, &currency).map_err(|(field, key)| {
        let mut refusal = Refusal {
            action: action.to_owned(),
            ..Refusal::default()
        };
        refusal
            .fields
            .insert(field.to_owned(), lang.t(key).to_owned());
        refusal
    })?;
    act(state, viewer, order, ticket, form.version(), body)
        .await
        .map_err(|error| Refusal::of(action, &error, lang))
}

/// Write on the ticket's thread as the viewer, as `POST /v1/tickets/{id}/messages` does.
pub(crate) async fn post_message(
    state: &AppState,
    viewer: &Viewer,
    order: &Order,
    ticket: &TicketId,
    text: &str,
) -> Result<(), ApiError> {
    let command = Command::Order {
        order: order.id.clone(),
        command: OrderCommand::Ticket {
            ticket: ticket.clone(),
            expected_version: None,
            action: redress_domain::TicketAction::PostMessage {
                text: text.to_owned(),
            },
        },
    };
    state
        .engine
        .execute(Submission {
            actor: viewer.principal.actor(),
            command,
            idempotency_key: None,
        })
        .await?;
    Ok(())
}

/// Run `action` (the API's request body, as JSON) on the ticket as the viewer.
pub(crate) async fn act(
    state: &AppState,
    viewer: &Viewer,
    order: &Order,
    ticket: &TicketId,
    expected_version: Option<u64>,
    action: serde_json::Value,
) -> Result<(), ApiError> {
    // The API's own parsing: the same field names in its errors.
    let request: TicketActionRequest = redress_http::extract::parse_tagged(action)?;
    let action = request.to_domain()?;
    redress_http::shared::files::check_references(
        state,
        order.merchant.as_str(),
        ticket,
        redress_http::shared::files::action_evidence(&action),
    )
    .await?;
    let command = Command::Order {
        order: order.id.clone(),
        command: OrderCommand::Ticket {
            ticket: ticket.clone(),
            expected_version,
            action,
        },
    };
    state
        .engine
        .execute(Submission {
            actor: viewer.principal.actor(),
            command,
            idempotency_key: None,
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_yuan;

    #[test]
    fn yuan_as_typed_becomes_fen() {
        assert_eq!(parse_yuan("12"), Some(1200));
        assert_eq!(parse_yuan("12.5"), Some(1250));
        assert_eq!(parse_yuan("¥12.34"), Some(1234));
        assert_eq!(parse_yuan(" 0.05 "), Some(5));
        for bad in [
            "",
            "-1",
            "1.234",
            "1,00",
            "abc",
            ".5",
            "1e3",
            "99999999999999999999",
        ] {
            assert_eq!(parse_yuan(bad), None, "{bad}");
        }
    }
}
