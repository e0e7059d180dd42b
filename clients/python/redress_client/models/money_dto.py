from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="MoneyDto")


@_attrs_define
class MoneyDto:
    """Money in integer minor units (fen for CNY) with its ISO 4217 currency.

    Attributes:
        amount (int): Minor units, 0 to 10^13. Example: 1999.
        currency (str): ISO 4217, three upper-case letters. Example: CNY.
    """

    amount: int
    currency: str

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        currency = self.currency

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "currency": currency,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        currency = d.pop("currency")

        money_dto = cls(
            amount=amount,
            currency=currency,
        )

        return money_dto
