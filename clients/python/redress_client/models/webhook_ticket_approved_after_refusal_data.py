from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookTicketApprovedAfterRefusalData")


@_attrs_define
class WebhookTicketApprovedAfterRefusalData:
    """
    Attributes:
        due_at (datetime.datetime): When the next deadline falls due
        merchant_id (str): The merchant
        order_id (str): The order
        ticket_id (str): The ticket
    """

    due_at: datetime.datetime
    merchant_id: str
    order_id: str
    ticket_id: str

    def to_dict(self) -> dict[str, Any]:
        due_at = self.due_at.isoformat()

        merchant_id = self.merchant_id

        order_id = self.order_id

        ticket_id = self.ticket_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "due_at": due_at,
                "merchant_id": merchant_id,
                "order_id": order_id,
                "ticket_id": ticket_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        due_at = datetime.datetime.fromisoformat(d.pop("due_at"))

        merchant_id = d.pop("merchant_id")

        order_id = d.pop("order_id")

        ticket_id = d.pop("ticket_id")

        webhook_ticket_approved_after_refusal_data = cls(
            due_at=due_at,
            merchant_id=merchant_id,
            order_id=order_id,
            ticket_id=ticket_id,
        )

        return webhook_ticket_approved_after_refusal_data
