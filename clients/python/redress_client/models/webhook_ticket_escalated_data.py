from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookTicketEscalatedData")


@_attrs_define
class WebhookTicketEscalatedData:
    """
    Attributes:
        due_at (datetime.datetime): When the next deadline falls due
        first_dispute (bool): The ticket's first dispute
        merchant_id (str): The merchant
        opener (str): buyer or system
        order_id (str): The order
        ticket_id (str): The ticket
    """

    due_at: datetime.datetime
    first_dispute: bool
    merchant_id: str
    opener: str
    order_id: str
    ticket_id: str

    def to_dict(self) -> dict[str, Any]:
        due_at = self.due_at.isoformat()

        first_dispute = self.first_dispute

        merchant_id = self.merchant_id

        opener = self.opener

        order_id = self.order_id

        ticket_id = self.ticket_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "due_at": due_at,
                "first_dispute": first_dispute,
                "merchant_id": merchant_id,
                "opener": opener,
                "order_id": order_id,
                "ticket_id": ticket_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        due_at = datetime.datetime.fromisoformat(d.pop("due_at"))

        first_dispute = d.pop("first_dispute")

        merchant_id = d.pop("merchant_id")

        opener = d.pop("opener")

        order_id = d.pop("order_id")

        ticket_id = d.pop("ticket_id")

        webhook_ticket_escalated_data = cls(
            due_at=due_at,
            first_dispute=first_dispute,
            merchant_id=merchant_id,
            opener=opener,
            order_id=order_id,
            ticket_id=ticket_id,
        )

        return webhook_ticket_escalated_data
