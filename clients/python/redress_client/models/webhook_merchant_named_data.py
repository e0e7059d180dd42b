from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookMerchantNamedData")


@_attrs_define
class WebhookMerchantNamedData:
    """
    Attributes:
        merchant_id (str): The merchant
        name (str): The shop's name
    """

    merchant_id: str
    name: str

    def to_dict(self) -> dict[str, Any]:
        merchant_id = self.merchant_id

        name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "merchant_id": merchant_id,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        merchant_id = d.pop("merchant_id")

        name = d.pop("name")

        webhook_merchant_named_data = cls(
            merchant_id=merchant_id,
            name=name,
        )

        return webhook_merchant_named_data
