from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.measure_dto_type_3_type import MeasureDtoType3Type

T = TypeVar("T", bound="MeasureDtoType3")


@_attrs_define
class MeasureDtoType3:
    """
    Attributes:
        days (int):
        type_ (MeasureDtoType3Type):
    """

    days: int
    type_: MeasureDtoType3Type
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        days = self.days

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "days": days,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        days = d.pop("days")

        type_ = MeasureDtoType3Type(d.pop("type"))

        measure_dto_type_3 = cls(
            days=days,
            type_=type_,
        )

        measure_dto_type_3.additional_properties = d
        return measure_dto_type_3

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
