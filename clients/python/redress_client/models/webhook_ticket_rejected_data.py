from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookTicketRejectedData")


@_attrs_define
class WebhookTicketRejectedData:
    """
    Attributes:
        due_at (datetime.datetime): When the next deadline falls due
        ground (str): request, return_not_received or return_not_as_sent
        merchant_id (str): The merchant
        order_id (str): The order
        reason (str): The merchant's reason
        ticket_id (str): The ticket
    """

    due_at: datetime.datetime
    ground: str
    merchant_id: str
    order_id: str
    reason: str
    ticket_id: str

    def to_dict(self) -> dict[str, Any]:
        due_at = self.due_at.isoformat()

        ground = self.ground

        merchant_id = self.merchant_id

        order_id = self.order_id

        reason = self.reason

        ticket_id = self.ticket_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "due_at": due_at,
                "ground": ground,
                "merchant_id": merchant_id,
                "order_id": order_id,
                "reason": reason,
                "ticket_id": ticket_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        due_at = datetime.datetime.fromisoformat(d.pop("due_at"))

        ground = d.pop("ground")

        merchant_id = d.pop("merchant_id")

        order_id = d.pop("order_id")

        reason = d.pop("reason")

        ticket_id = d.pop("ticket_id")

        webhook_ticket_rejected_data = cls(
            due_at=due_at,
            ground=ground,
            merchant_id=merchant_id,
            order_id=order_id,
            reason=reason,
            ticket_id=ticket_id,
        )

        return webhook_ticket_rejected_data
