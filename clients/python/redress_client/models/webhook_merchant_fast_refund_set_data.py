from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookMerchantFastRefundSetData")


@_attrs_define
class WebhookMerchantFastRefundSetData:
    """
    Attributes:
        merchant_id (str): The merchant
        opted_in (bool): Opted in
    """

    merchant_id: str
    opted_in: bool

    def to_dict(self) -> dict[str, Any]:
        merchant_id = self.merchant_id

        opted_in = self.opted_in

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "merchant_id": merchant_id,
                "opted_in": opted_in,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        merchant_id = d.pop("merchant_id")

        opted_in = d.pop("opted_in")

        webhook_merchant_fast_refund_set_data = cls(
            merchant_id=merchant_id,
            opted_in=opted_in,
        )

        return webhook_merchant_fast_refund_set_data
