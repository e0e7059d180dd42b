from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.verdict_outcome_dto_type_0_type import VerdictOutcomeDtoType0Type

T = TypeVar("T", bound="VerdictOutcomeDtoType0")


@_attrs_define
class VerdictOutcomeDtoType0:
    """
    Attributes:
        type_ (VerdictOutcomeDtoType0Type):
    """

    type_: VerdictOutcomeDtoType0Type

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
        type_ = VerdictOutcomeDtoType0Type(d.pop("type"))

        verdict_outcome_dto_type_0 = cls(
            type_=type_,
        )

        return verdict_outcome_dto_type_0
