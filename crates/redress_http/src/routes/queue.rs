//! The after-sales queue's vocabulary, shared by `GET /v1/tickets` and the merchant console
//! so both ask the store the same question: the sort orders, the status tabs (which states
//! each one gathers) and the list's cursor.

use super::page::RowCursor;
use crate::error::ApiError;
use redress_domain::StateName;
use redress_store::api::{TicketCursor, TicketRow, TicketSort, TicketSortKey};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What the ticket list is sorted by. `deadline` puts the most urgent live deadline first
/// and tickets without one last; `created` is when the ticket was opened; `disputed` is when
/// it was first taken to the platform (when it was opened, if never).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum TicketSortDto {
    #[default]
    Created,
    Deadline,
    Amount,
    Updated,
    Disputed,
}

impl From<TicketSortDto> for TicketSortKey {
    fn from(value: TicketSortDto) -> Self {
        match value {
            TicketSortDto::Created => TicketSortKey::Created,
            TicketSortDto::Deadline => TicketSortKey::Deadline,
            TicketSortDto::Amount => TicketSortKey::Amount,
            TicketSortDto::Updated => TicketSortKey::Updated,
            TicketSortDto::Disputed => TicketSortKey::Disputed,
        }
    }
}

/// `asc` (the default: oldest, soonest, smallest first) or `desc`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum SortDirectionDto {
    #[default]
    Asc,
    Desc,
}

pub(crate) fn sort(key: Option<TicketSortDto>, direction: Option<SortDirectionDto>) -> TicketSort {
    TicketSort {
        key: key.unwrap_or_default().into(),
        descending: direction == Some(SortDirectionDto::Desc),
    }
}

/// A status tab of the merchant's queue: a group of ticket states. Every state is in exactly
/// one tab, so the tabs' counts add up to the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QueueTab {
    /// 待处理: the merchant has to answer (a request, or a replacement to ship).
    Pending,
    /// 待买家退货: waiting on the buyer (to send the goods back, refuse the parcel, or
    /// answer a rejection), or on the replacement's delivery to the buyer.
    AwaitingBuyer,
    /// 待收货确认: the return parcel is on its way or arrived; the merchant confirms receipt.
    AwaitingReceipt,
    /// 平台介入中: the platform is arbitrating.
    InDispute,
    /// 已完成: refunded or completed (a refund still being paid out included).
    Done,
    /// 已关闭: withdrawn or closed.
    Closed,
}

impl QueueTab {
    pub const ALL: [QueueTab; 6] = [
        QueueTab::Pending,
        QueueTab::AwaitingBuyer,
        QueueTab::AwaitingReceipt,
        QueueTab::InDispute,
        QueueTab::Done,
        QueueTab::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QueueTab::Pending => "pending",
            QueueTab::AwaitingBuyer => "awaiting_buyer",
            QueueTab::AwaitingReceipt => "awaiting_receipt",
            QueueTab::InDispute => "in_dispute",
            QueueTab::Done => "done",
            QueueTab::Closed => "closed",
        }
    }

    pub fn parse(raw: &str) -> Option<QueueTab> {
        QueueTab::ALL.into_iter().find(|t| t.as_str() == raw)
    }

    pub fn states(self) -> &'static [StateName] {
        match self {
            QueueTab::Pending => &[StateName::Requested, StateName::AwaitingMerchantShipment],
            QueueTab::AwaitingBuyer => &[
                StateName::AwaitingReturn,
                StateName::AwaitingRefusal,
                StateName::Rejected,
                StateName::ReplacementInTransit,
            ],
            QueueTab::AwaitingReceipt => &[StateName::ReturnInTransit, StateName::ReturnReceived],
            QueueTab::InDispute => &[StateName::InDispute],
            QueueTab::Done => &[
                StateName::Refunding,
                StateName::Refunded,
                StateName::Completed,
            ],
            QueueTab::Closed => &[StateName::Closed],
        }
    }

    /// The states' stored names, as the store's filter takes them.
    pub fn state_names(self) -> Vec<String> {
        self.states()
            .iter()
            .map(|s| s.as_str().to_owned())
            .collect()
    }

    pub fn of(state: &str) -> Option<QueueTab> {
        QueueTab::ALL
            .into_iter()
            .find(|tab| tab.states().iter().any(|s| s.as_str() == state))
    }
}

/// The order a cursor was given out for: none for the list's default (so cursors given out
/// before sorting existed still read), else the key and direction.
fn order_tag(sort: TicketSort) -> Option<String> {
    (sort != TicketSort::default()).then(|| {
        format!(
            "{}.{}",
            sort.key.as_str(),
            if sort.descending { "desc" } else { "asc" }
        )
    })
}

pub fn encode_cursor(row: &TicketRow, sort: TicketSort) -> String {
    let after = TicketCursor::after(row, sort);
    RowCursor {
        key: after.key,
        merchant_id: after.merchant_id,
        id: after.ticket_id,
    }
    .encode(order_tag(sort).as_deref())
}

pub fn decode_cursor(raw: &str, sort: TicketSort) -> Result<TicketCursor, ApiError> {
    let cursor = RowCursor::decode(raw, order_tag(sort).as_deref(), |id| {
        redress_domain::TicketId::parse_stored(id).is_ok()
    })?;
    Ok(TicketCursor {
        key: cursor.key,
        merchant_id: cursor.merchant_id,
        ticket_id: cursor.id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_is_in_exactly_one_tab() {
        for state in StateName::ALL {
            let tabs: Vec<QueueTab> = QueueTab::ALL
                .into_iter()
                .filter(|t| t.states().contains(&state))
                .collect();
            assert_eq!(tabs.len(), 1, "{state:?} is in {tabs:?}");
            assert_eq!(QueueTab::of(state.as_str()), Some(tabs[0]));
        }
        for tab in QueueTab::ALL {
            assert_eq!(QueueTab::parse(tab.as_str()), Some(tab));
        }
    }

    #[test]
    fn a_cursor_is_refused_under_another_sort() {
        let row_sort = sort(Some(TicketSortDto::Deadline), None);
        let cursor = RowCursor {
            key: 7,
            merchant_id: "M-1".to_owned(),
            id: "T-1".to_owned(),
        }
        .encode(order_tag(row_sort).as_deref());
        assert_eq!(decode_cursor(&cursor, row_sort).expect("reads").key, 7);
        for other in [
            sort(Some(TicketSortDto::Deadline), Some(SortDirectionDto::Desc)),
            sort(Some(TicketSortDto::Amount), None),
            sort(None, None),
        ] {
            let error = decode_cursor(&cursor, other).expect_err("another order");
            assert_eq!(error.errors[0].field, "cursor");
        }
    }
}
