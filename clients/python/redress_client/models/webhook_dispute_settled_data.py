from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookDisputeSettledData")


@_attrs_define
class WebhookDisputeSettledData:
    """
    Attributes:
        amount_minor (int): Integer minor units (分 for CNY)
        currency (str): ISO 4217 code
        merchant_id (str): The merchant
        order_id (str): The order
        ticket_id (str): The ticket
    """

    amount_minor: int
    currency: str
    merchant_id: str
    order_id: str
    ticket_id: str

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        currency = self.currency

        merchant_id = self.merchant_id

        order_id = self.order_id

        ticket_id = self.ticket_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount_minor": amount_minor,
                "currency": currency,
                "merchant_id": merchant_id,
                "order_id": order_id,
                "ticket_id": ticket_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_minor = d.pop("amount_minor")

        currency = d.pop("currency")

        merchant_id = d.pop("merchant_id")

        order_id = d.pop("order_id")

        ticket_id = d.pop("ticket_id")

        webhook_dispute_settled_data = cls(
            amount_minor=amount_minor,
            currency=currency,
            merchant_id=merchant_id,
            order_id=order_id,
            ticket_id=ticket_id,
        )

        return webhook_dispute_settled_data
