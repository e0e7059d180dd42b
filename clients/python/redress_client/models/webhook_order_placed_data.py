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
        freight_insurance (bool): Whether the buyer bought freight insurance (运费险)
        items (int): Number of order lines
        merchant_id (str): The merchant
        order_id (str): The order
        paid_at (datetime.datetime): When it was paid
        shipping_fee_minor (int): The shipping fee, part of the amount paid
    """

    amount_minor: int
    buyer_id: str
    currency: str
    freight_insurance: bool
    items: int
    merchant_id: str
    order_id: str
    paid_at: datetime.datetime
    shipping_fee_minor: int

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        buyer_id = self.buyer_id

        currency = self.currency

        freight_insurance = self.freight_insurance

        items = self.items

        merchant_id = self.merchant_id

        order_id = self.order_id

        paid_at = self.paid_at.isoformat()

        shipping_fee_minor = self.shipping_fee_minor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount_minor": amount_minor,
                "buyer_id": buyer_id,
                "currency": currency,
                "freight_insurance": freight_insurance,
                "items": items,
                "merchant_id": merchant_id,
                "order_id": order_id,
                "paid_at": paid_at,
                "shipping_fee_minor": shipping_fee_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_minor = d.pop("amount_minor")

        buyer_id = d.pop("buyer_id")

        currency = d.pop("currency")

        freight_insurance = d.pop("freight_insurance")

        items = d.pop("items")

        merchant_id = d.pop("merchant_id")

        order_id = d.pop("order_id")

        paid_at = datetime.datetime.fromisoformat(d.pop("paid_at"))

        shipping_fee_minor = d.pop("shipping_fee_minor")

        webhook_order_placed_data = cls(
            amount_minor=amount_minor,
            buyer_id=buyer_id,
            currency=currency,
            freight_insurance=freight_insurance,
            items=items,
            merchant_id=merchant_id,
            order_id=order_id,
            paid_at=paid_at,
            shipping_fee_minor=shipping_fee_minor,
        )

        return webhook_order_placed_data
