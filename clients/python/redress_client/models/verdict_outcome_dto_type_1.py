from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.verdict_outcome_dto_type_1_type import VerdictOutcomeDtoType1Type

if TYPE_CHECKING:
    from ..models.money_dto import MoneyDto


T = TypeVar("T", bound="VerdictOutcomeDtoType1")


@_attrs_define
class VerdictOutcomeDtoType1:
    """
    Attributes:
        amount (MoneyDto): Money in integer minor units (fen for CNY) with its ISO 4217 currency.
        type_ (VerdictOutcomeDtoType1Type):
    """

    amount: MoneyDto
    type_: VerdictOutcomeDtoType1Type

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount.to_dict()

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_dto import MoneyDto  # noqa: PLC0415

        d = dict(src_dict)
        amount = MoneyDto.from_dict(d.pop("amount"))

        type_ = VerdictOutcomeDtoType1Type(d.pop("type"))

        verdict_outcome_dto_type_1 = cls(
            amount=amount,
            type_=type_,
        )

        return verdict_outcome_dto_type_1
