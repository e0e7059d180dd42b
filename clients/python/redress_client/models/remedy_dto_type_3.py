from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.remedy_dto_type_3_type import RemedyDtoType3Type

if TYPE_CHECKING:
    from ..models.money_dto import MoneyDto


T = TypeVar("T", bound="RemedyDtoType3")


@_attrs_define
class RemedyDtoType3:
    """折价赔偿: part of the money back, the buyer keeps the goods.

    Attributes:
        amount (MoneyDto): Money in integer minor units (fen for CNY) with its ISO 4217 currency.
        type_ (RemedyDtoType3Type):
    """

    amount: MoneyDto
    type_: RemedyDtoType3Type

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

        type_ = RemedyDtoType3Type(d.pop("type"))

        remedy_dto_type_3 = cls(
            amount=amount,
            type_=type_,
        )

        return remedy_dto_type_3
