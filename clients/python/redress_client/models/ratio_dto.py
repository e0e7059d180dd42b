from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RatioDto")


@_attrs_define
class RatioDto:
    """A count over a count, with the rate in parts per million (`null` with nothing to divide
    by: no data, not 0 %).

        Attributes:
            denominator (int):
            numerator (int):
            rate_ppm (int | None | Unset):
    """

    denominator: int
    numerator: int
    rate_ppm: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        denominator = self.denominator

        numerator = self.numerator

        rate_ppm: int | None | Unset
        if isinstance(self.rate_ppm, Unset):
            rate_ppm = UNSET
        else:
            rate_ppm = self.rate_ppm

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "denominator": denominator,
                "numerator": numerator,
            }
        )
        if rate_ppm is not UNSET:
            field_dict["rate_ppm"] = rate_ppm

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        denominator = d.pop("denominator")

        numerator = d.pop("numerator")

        def _parse_rate_ppm(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        rate_ppm = _parse_rate_ppm(d.pop("rate_ppm", UNSET))

        ratio_dto = cls(
            denominator=denominator,
            numerator=numerator,
            rate_ppm=rate_ppm,
        )

        ratio_dto.additional_properties = d
        return ratio_dto

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
