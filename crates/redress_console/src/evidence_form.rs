//! The evidence items of the forms that take several (the merchant's reject, the buyer's
//! escalate and edit): their slots as the templates show them, the file field of each slot,
//! and the items a submitted form carries, with files uploaded now kept as references.

use super::i18n::Lang;
use super::tickets::ActionForm;
use redress_domain::{Order, TicketId};
use redress_http::AppState;
use redress_http::error::ApiError;
use std::collections::HashMap;

/// One evidence item of a form that takes several (reject, escalate, edit): slot 0 keeps the
/// single-item form's field names, slots 1 and 2 add `_1`, `_2`.
pub(super) struct SlotView {
    /// From 1, as the page counts.
    pub number: usize,
    /// Added to the fields' names: empty, `_1`, `_2`.
    pub suffix: String,
    /// Added to the controls' ids: empty, `-2`, `-3`.
    pub id_suffix: String,
    pub kinds: Vec<super::merchant::Choice>,
    pub reference: String,
    pub note: String,
    /// The reference is a file uploaded with the form before it was refused: kept, so that
    /// sending the form again does not need the file again.
    pub kept: bool,
}

/// How many evidence items a form that takes several offers.
pub(super) const EVIDENCE_SLOTS: usize = 3;

/// A field's name in evidence slot `slot`.
fn slot_field(base: &str, slot: usize) -> String {
    if slot == 0 {
        base.to_owned()
    } else {
        format!("{base}_{slot}")
    }
}

/// The evidence slots of the forms, filled again from what the last form sent.
pub(super) fn evidence_slots(form: &HashMap<String, String>, lang: Lang) -> Vec<SlotView> {
    let all: Vec<&'static str> = redress_domain::evidence::EvidenceKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect();
    (0..EVIDENCE_SLOTS)
        .map(|slot| {
            let get = |base: &str| {
                form.get(&slot_field(base, slot))
                    .map(|v| v.trim().to_owned())
                    .unwrap_or_default()
            };
            let reference = get("evidence_reference");
            SlotView {
                number: slot + 1,
                suffix: if slot == 0 {
                    String::new()
                } else {
                    format!("_{slot}")
                },
                id_suffix: if slot == 0 {
                    String::new()
                } else {
                    format!("-{}", slot + 1)
                },
                kinds: super::merchant::choices(&all, "evidence", &get("evidence_kind"), lang),
                kept: get("evidence_kept") == "yes" && reference.starts_with("sha256:"),
                reference,
                note: get("evidence_note"),
            }
        })
        .collect()
}

/// The evidence slot of a file field: `file` is slot 0, `file_1` and `file_2` the others.
pub(super) fn file_slot(name: &str) -> Option<usize> {
    match name {
        "file" => Some(0),
        _ => name
            .strip_prefix("file_")
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| (1..EVIDENCE_SLOTS).contains(n)),
    }
}

/// Every evidence item a form carries, slot by slot: a file uploaded now (stored like
/// `POST /v1/tickets/{id}/files`) or a reference typed in, with its kind and note. A stored
/// file's reference is written into the form, so that a refused form shows it kept and
/// sending it again needs no new upload.
pub(super) async fn evidence_list(
    state: &AppState,
    order: &Order,
    ticket: &TicketId,
    form: &mut ActionForm,
) -> Result<Vec<serde_json::Value>, ApiError> {
    let mut list = Vec::new();
    for slot in 0..EVIDENCE_SLOTS {
        let reference_field = slot_field("evidence_reference", slot);
        if let Some(staged) = form.take_file(slot) {
            let stored = redress_http::shared::files::store(state, order, ticket, staged).await?;
            form.fields
                .insert(reference_field.clone(), stored.reference);
            form.fields
                .insert(slot_field("evidence_kept", slot), "yes".to_owned());
        }
        let reference = form.get(&reference_field).to_owned();
        if reference.is_empty() {
            continue;
        }
        list.push(serde_json::json!({
            "kind": form.get(&slot_field("evidence_kind", slot)),
            "reference": reference,
            "note": form.get(&slot_field("evidence_note", slot)),
        }));
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::{Lang, evidence_slots, file_slot};
    use std::collections::HashMap;

    #[test]
    fn evidence_slots_name_their_fields_and_show_only_uploads_as_kept() {
        assert_eq!(
            ["file", "file_1", "file_2", "file_3", "file_x", "files"].map(file_slot),
            [Some(0), Some(1), Some(2), None, None, None]
        );
        let form: HashMap<String, String> = [
            ("evidence_kind", "photos"),
            ("evidence_reference", "sha256:ab"),
            ("evidence_kept", "yes"),
            ("evidence_kind_1", "chat_records"),
            ("evidence_reference_1", "sha256:cd"),
            ("evidence_note_1", " chat "),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let slots = evidence_slots(&form, Lang::En);
        assert_eq!(slots.len(), 3);
        let names: Vec<(&str, &str)> = slots
            .iter()
            .map(|s| (s.suffix.as_str(), s.id_suffix.as_str()))
            .collect();
        assert_eq!(names, [("", ""), ("_1", "-2"), ("_2", "-3")]);
        assert!(slots[0].kept, "uploaded with the refused form");
        assert!(!slots[1].kept, "typed in, not uploaded here");
        assert_eq!(slots[1].note, "chat");
        let chosen: Vec<&str> = slots[1]
            .kinds
            .iter()
            .filter(|c| c.selected)
            .map(|c| c.value)
            .collect();
        assert_eq!(chosen, ["chat_records"]);
        assert!(slots[2].reference.is_empty());
    }
}
