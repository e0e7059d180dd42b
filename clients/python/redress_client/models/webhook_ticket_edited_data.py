from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookTicketEditedData")


@_attrs_define
class WebhookTicketEditedData:
    """
    Attributes:
        amount_minor (int): Integer minor units (分 for CNY)
        currency (str): ISO 4217 code
        due_at (datetime.datetime): When the next deadline falls due
        kind (str): The new kind
        merchant_id (str): The merchant
        order_id (str): The order
        reason (str): The new reason code
        ticket_id (str): The ticket
    """

    amount_minor: int
    currency: str
    due_at: datetime.datetime
    kind: str
    merchant_id: str
    order_id: str
    reason: str
    ticket_id: str

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        currency = self.currency

        due_at = self.due_at.isoformat()

        kind = self.kind

        merchant_id = self.merchant_id

        order_id = self.order_id

        reason = self.reason

        ticket_id = self.ticket_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount_minor": amount_minor,
                "currency": currency,
                "due_at": due_at,
                "kind": kind,
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
        amount_minor = d.pop("amount_minor")

        currency = d.pop("currency")

        due_at = datetime.datetime.fromisoformat(d.pop("due_at"))

        kind = d.pop("kind")

        merchant_id = d.pop("merchant_id")

        order_id = d.pop("order_id")

        reason = d.pop("reason")

        ticket_id = d.pop("ticket_id")

        webhook_ticket_edited_data = cls(
            amount_minor=amount_minor,
            currency=currency,
            due_at=due_at,
            kind=kind,
            merchant_id=merchant_id,
            order_id=order_id,
            reason=reason,
            ticket_id=ticket_id,
        )

        return webhook_ticket_edited_data
