from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookMerchantFastRefundExclusionSetData")


@_attrs_define
class WebhookMerchantFastRefundExclusionSetData:
    """
    Attributes:
        excluded (bool): Excluded
        merchant_id (str): The merchant
    """

    excluded: bool
    merchant_id: str

    def to_dict(self) -> dict[str, Any]:
        excluded = self.excluded

        merchant_id = self.merchant_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "excluded": excluded,
                "merchant_id": merchant_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        excluded = d.pop("excluded")

        merchant_id = d.pop("merchant_id")

        webhook_merchant_fast_refund_exclusion_set_data = cls(
            excluded=excluded,
            merchant_id=merchant_id,
        )

        return webhook_merchant_fast_refund_exclusion_set_data
