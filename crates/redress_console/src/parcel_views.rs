//! A ticket's outbound parcels as its pages show them: each parcel carrying the ticket's
//! lines, and each logistics event of the timeline in words.

use super::i18n::Lang;
use redress_domain::{ParcelId, ParcelUpdate, Signer};

/// One outbound parcel: its id, where it is, its tracking, who signed, and what it carries.
#[derive(Clone, Debug)]
pub(crate) struct ParcelView {
    pub id: String,
    pub state: String,
    pub tracking: Option<String>,
    pub signer: Option<String>,
    /// "i1 × 2, i2 × 1".
    pub lines: String,
}

/// A logistics event as the timeline says it: what happened, with the tracking number or
/// who signed.
pub(crate) fn parcel_text(parcel: &ParcelId, update: &ParcelUpdate, lang: Lang) -> String {
    let what = lang.t(&format!("parcel.{}", update.as_str()));
    // An order shipped in one parcel reads as before; a split shipment names the parcel.
    let what = if *parcel == ParcelId::first() {
        what.to_owned()
    } else {
        format!("{} {parcel} · {what}", lang.t("parcel.label"))
    };
    match update {
        ParcelUpdate::TrackingEntered { tracking, .. } => format!("{what} {tracking}"),
        ParcelUpdate::Delivered { signer } => {
            let who = match signer {
                Signer::Buyer => "signer.buyer",
                Signer::Proxy => "signer.proxy",
                Signer::LockerWithConsent => "signer.locker_with_consent",
                Signer::LockerWithoutConsent => "signer.locker_without_consent",
            };
            format!("{what} ({})", lang.t(who))
        }
        ParcelUpdate::InTransit
        | ParcelUpdate::Refused
        | ParcelUpdate::ReturnedToSender
        | ParcelUpdate::Intercepted => what,
    }
}

pub(crate) fn parcel_view(parcel: &redress_domain::Parcel, lang: Lang) -> ParcelView {
    let dto = redress_http::dto::ParcelDto::from(parcel);
    let signer = parcel_signer(&parcel.fulfilment)
        .map(|s| lang.t(&format!("signer.{}", s.as_str())).to_owned());
    ParcelView {
        id: dto.id,
        state: lang.t(&format!("parcel.state.{}", dto.state)).to_owned(),
        tracking: dto.tracking,
        signer,
        lines: dto
            .lines
            .iter()
            .map(|l| format!("{} × {}", l.item_id, l.quantity))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn parcel_signer(f: &redress_domain::Fulfilment) -> Option<Signer> {
    match f {
        redress_domain::Fulfilment::Delivered { signer, .. } => Some(*signer),
        _ => None,
    }
}
