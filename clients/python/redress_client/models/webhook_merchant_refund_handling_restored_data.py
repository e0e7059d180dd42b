from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookMerchantRefundHandlingRestoredData")


@_attrs_define
class WebhookMerchantRefundHandlingRestoredData:
    """
    Attributes:
        merchant_id (str): The merchant
    """

    merchant_id: str

    def to_dict(self) -> dict[str, Any]:
        merchant_id = self.merchant_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "merchant_id": merchant_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        merchant_id = d.pop("merchant_id")

        webhook_merchant_refund_handling_restored_data = cls(
            merchant_id=merchant_id,
        )

        return webhook_merchant_refund_handling_restored_data
