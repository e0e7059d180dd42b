from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookMerchantPenaltyAppealedData")


@_attrs_define
class WebhookMerchantPenaltyAppealedData:
    """
    Attributes:
        merchant_id (str): The merchant
        penalty_id (str): The penalty
        statement (str): The merchant's statement
    """

    merchant_id: str
    penalty_id: str
    statement: str

    def to_dict(self) -> dict[str, Any]:
        merchant_id = self.merchant_id

        penalty_id = self.penalty_id

        statement = self.statement

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "merchant_id": merchant_id,
                "penalty_id": penalty_id,
                "statement": statement,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        merchant_id = d.pop("merchant_id")

        penalty_id = d.pop("penalty_id")

        statement = d.pop("statement")

        webhook_merchant_penalty_appealed_data = cls(
            merchant_id=merchant_id,
            penalty_id=penalty_id,
            statement=statement,
        )

        return webhook_merchant_penalty_appealed_data
