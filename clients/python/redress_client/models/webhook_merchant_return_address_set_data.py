from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookMerchantReturnAddressSetData")


@_attrs_define
class WebhookMerchantReturnAddressSetData:
    """
    Attributes:
        address (None | str): The address; null when removed
        merchant_id (str): The merchant
    """

    address: None | str
    merchant_id: str

    def to_dict(self) -> dict[str, Any]:
        address: None | str
        address = self.address

        merchant_id = self.merchant_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "address": address,
                "merchant_id": merchant_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_address(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        address = _parse_address(d.pop("address"))

        merchant_id = d.pop("merchant_id")

        webhook_merchant_return_address_set_data = cls(
            address=address,
            merchant_id=merchant_id,
        )

        return webhook_merchant_return_address_set_data
