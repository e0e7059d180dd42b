//! The outbound parcels of an order as the API shows them (issue 18, 拆单发货).

use super::{FulfilmentStageDto, SignerDto, rfc3339};
use serde::Serialize;
use utoipa::ToSchema;

/// One outbound parcel: its tracking, journey, signer and lines.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ParcelDto {
    pub id: String,
    pub stage: FulfilmentStageDto,
    /// The parcel's state in detail: shipped, in_transit, delivered, refused,
    /// returned_to_sender or intercepted.
    pub state: String,
    pub tracking: Option<String>,
    /// Who signed, once delivered.
    pub signer: Option<SignerDto>,
    /// When it reached its present state (RFC 3339).
    pub since: String,
    pub lines: Vec<ParcelLineDto>,
}

/// Some units of one line.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ParcelLineDto {
    pub item_id: String,
    pub quantity: u32,
}

impl From<&redress_domain::Parcel> for ParcelDto {
    fn from(parcel: &redress_domain::Parcel) -> Self {
        use redress_domain::Fulfilment as F;
        let (state, tracking, signer, since) = match &parcel.fulfilment {
            F::Unshipped => ("unshipped", None, None, None),
            F::Shipped { tracking, at } => ("shipped", Some(tracking), None, Some(at)),
            F::InTransit { tracking, since } => ("in_transit", Some(tracking), None, Some(since)),
            F::Delivered {
                tracking,
                signer,
                at,
            } => ("delivered", Some(tracking), Some(*signer), Some(at)),
            F::Refused { at } => ("refused", None, None, Some(at)),
            F::ReturnedToSender { at } => ("returned_to_sender", None, None, Some(at)),
            F::Intercepted { at } => ("intercepted", None, None, Some(at)),
        };
        ParcelDto {
            id: parcel.id.to_string(),
            stage: parcel.fulfilment.stage().into(),
            state: state.to_owned(),
            tracking: tracking.filter(|t| !t.is_empty()).cloned(),
            signer: signer.map(Into::into),
            since: since.map(|at| rfc3339(*at)).unwrap_or_default(),
            lines: parcel
                .lines
                .iter()
                .map(|l| ParcelLineDto {
                    item_id: l.item.to_string(),
                    quantity: l.quantity,
                })
                .collect(),
        }
    }
}
