from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookMerchantPenaltyRevokedData")


@_attrs_define
class WebhookMerchantPenaltyRevokedData:
    """
    Attributes:
        merchant_id (str): The merchant
        penalty_id (str): The penalty
        reason (str): Why
    """

    merchant_id: str
    penalty_id: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        merchant_id = self.merchant_id

        penalty_id = self.penalty_id

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "merchant_id": merchant_id,
                "penalty_id": penalty_id,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        merchant_id = d.pop("merchant_id")

        penalty_id = d.pop("penalty_id")

        reason = d.pop("reason")

        webhook_merchant_penalty_revoked_data = cls(
            merchant_id=merchant_id,
            penalty_id=penalty_id,
            reason=reason,
        )

        return webhook_merchant_penalty_revoked_data
