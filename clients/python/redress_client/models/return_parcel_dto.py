from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ReturnParcelDto")


@_attrs_define
class ReturnParcelDto:
    """The buyer's return parcel while it is on its way.

    Attributes:
        shipped_at (str):
        tracking (str):
    """

    shipped_at: str
    tracking: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        shipped_at = self.shipped_at

        tracking = self.tracking

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "shipped_at": shipped_at,
                "tracking": tracking,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        shipped_at = d.pop("shipped_at")

        tracking = d.pop("tracking")

        return_parcel_dto = cls(
            shipped_at=shipped_at,
            tracking=tracking,
        )

        return_parcel_dto.additional_properties = d
        return return_parcel_dto

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
