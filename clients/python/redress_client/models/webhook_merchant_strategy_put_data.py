from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookMerchantStrategyPutData")


@_attrs_define
class WebhookMerchantStrategyPutData:
    """
    Attributes:
        action (str): approve or refund_on_return_signed
        enabled (bool): Enabled
        merchant_id (str): The merchant
        name (str): Its name
        strategy_id (str): The strategy
        version (int): Its new version
    """

    action: str
    enabled: bool
    merchant_id: str
    name: str
    strategy_id: str
    version: int

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        enabled = self.enabled

        merchant_id = self.merchant_id

        name = self.name

        strategy_id = self.strategy_id

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
                "enabled": enabled,
                "merchant_id": merchant_id,
                "name": name,
                "strategy_id": strategy_id,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = d.pop("action")

        enabled = d.pop("enabled")

        merchant_id = d.pop("merchant_id")

        name = d.pop("name")

        strategy_id = d.pop("strategy_id")

        version = d.pop("version")

        webhook_merchant_strategy_put_data = cls(
            action=action,
            enabled=enabled,
            merchant_id=merchant_id,
            name=name,
            strategy_id=strategy_id,
            version=version,
        )

        return webhook_merchant_strategy_put_data
