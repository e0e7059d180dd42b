from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.remedy_dto_type_1_type import RemedyDtoType1Type

T = TypeVar("T", bound="RemedyDtoType1")


@_attrs_define
class RemedyDtoType1:
    """
    Attributes:
        type_ (RemedyDtoType1Type):
    """

    type_: RemedyDtoType1Type

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = RemedyDtoType1Type(d.pop("type"))

        remedy_dto_type_1 = cls(
            type_=type_,
        )

        return remedy_dto_type_1
