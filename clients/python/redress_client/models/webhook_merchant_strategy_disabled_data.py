from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookMerchantStrategyDisabledData")


@_attrs_define
class WebhookMerchantStrategyDisabledData:
    """
    Attributes:
        merchant_id (str): The merchant
        strategy_id (str): The strategy
        version (int): Its new version
    """

    merchant_id: str
    strategy_id: str
    version: int

    def to_dict(self) -> dict[str, Any]:
        merchant_id = self.merchant_id

        strategy_id = self.strategy_id

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "merchant_id": merchant_id,
                "strategy_id": strategy_id,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        merchant_id = d.pop("merchant_id")

        strategy_id = d.pop("strategy_id")

        version = d.pop("version")

        webhook_merchant_strategy_disabled_data = cls(
            merchant_id=merchant_id,
            strategy_id=strategy_id,
            version=version,
        )

        return webhook_merchant_strategy_disabled_data
