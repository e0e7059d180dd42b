from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookOrderPlacedData")


@_attrs_define
class WebhookOrderPlacedData:
    """
    Attributes:
        amount_minor (int): Integer minor units (分 for CNY)
        buyer_id (str): The buyer
        currency (str): ISO 4217 code
        items (int): Number of order lines
        merchant_id (str): The merchant
        order_id (str): The order
        paid_at (datetime.datetime): When it was paid
    """

    amount_minor: int
    buyer_id: str
    currency: str
    items: int
    merchant_id: str
    order_id: str
    paid_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        buyer_id = self.buyer_id

        currency = self.currency

        items = self.items

        merchant_id = self.merchant_id

        order_id = self.order_id

        paid_at = self.paid_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount_minor": amount_minor,
                "buyer_id": buyer_id,
                "currency": currency,
                "items": items,
                "merchant_id": merchant_id,
                "order_id": order_id,
                "paid_at": paid_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_minor = d.pop("amount_minor")

        buyer_id = d.pop("buyer_id")

        currency = d.pop("currency")

        items = d.pop("items")

        merchant_id = d.pop("merchant_id")

        order_id = d.pop("order_id")

        paid_at = datetime.datetime.fromisoformat(d.pop("paid_at"))

        webhook_order_placed_data = cls(
            amount_minor=amount_minor,
            buyer_id=buyer_id,
            currency=currency,
            items=items,
            merchant_id=merchant_id,
            order_id=order_id,
            paid_at=paid_at,
        )

        return webhook_order_placed_data
