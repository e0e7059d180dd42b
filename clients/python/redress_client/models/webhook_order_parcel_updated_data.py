from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookOrderParcelUpdatedData")


@_attrs_define
class WebhookOrderParcelUpdatedData:
    """
    Attributes:
        merchant_id (str): The merchant
        order_id (str): The order
        parcel_id (str): The parcel (1 for an order shipped in one parcel)
        update (str): tracking_entered, in_transit, delivered, refused, returned_to_sender or intercepted
    """

    merchant_id: str
    order_id: str
    parcel_id: str
    update: str

    def to_dict(self) -> dict[str, Any]:
        merchant_id = self.merchant_id

        order_id = self.order_id

        parcel_id = self.parcel_id

        update = self.update

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "merchant_id": merchant_id,
                "order_id": order_id,
                "parcel_id": parcel_id,
                "update": update,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        merchant_id = d.pop("merchant_id")

        order_id = d.pop("order_id")

        parcel_id = d.pop("parcel_id")

        update = d.pop("update")

        webhook_order_parcel_updated_data = cls(
            merchant_id=merchant_id,
            order_id=order_id,
            parcel_id=parcel_id,
            update=update,
        )

        return webhook_order_parcel_updated_data
