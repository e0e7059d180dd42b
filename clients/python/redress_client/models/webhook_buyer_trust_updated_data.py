from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookBuyerTrustUpdatedData")


@_attrs_define
class WebhookBuyerTrustUpdatedData:
    """
    Attributes:
        abuse_restricted (bool): Restricted for abuse
        buyer_id (str): The buyer
        completed_orders (int): Completed orders
        orders_90d (int): Orders in the last 90 days
        refunds_90d (int): Refunds in the last 90 days
    """

    abuse_restricted: bool
    buyer_id: str
    completed_orders: int
    orders_90d: int
    refunds_90d: int

    def to_dict(self) -> dict[str, Any]:
        abuse_restricted = self.abuse_restricted

        buyer_id = self.buyer_id

        completed_orders = self.completed_orders

        orders_90d = self.orders_90d

        refunds_90d = self.refunds_90d

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "abuse_restricted": abuse_restricted,
                "buyer_id": buyer_id,
                "completed_orders": completed_orders,
                "orders_90d": orders_90d,
                "refunds_90d": refunds_90d,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        abuse_restricted = d.pop("abuse_restricted")

        buyer_id = d.pop("buyer_id")

        completed_orders = d.pop("completed_orders")

        orders_90d = d.pop("orders_90d")

        refunds_90d = d.pop("refunds_90d")

        webhook_buyer_trust_updated_data = cls(
            abuse_restricted=abuse_restricted,
            buyer_id=buyer_id,
            completed_orders=completed_orders,
            orders_90d=orders_90d,
            refunds_90d=refunds_90d,
        )

        return webhook_buyer_trust_updated_data
