from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LeaderboardRow")


@_attrs_define
class LeaderboardRow:
    """
    Attributes:
        denominator (int):
        merchant_id (str):
        numerator (int):
        rank (int):
        value (int): The figure ranked by: a rate in ppm, or an average in seconds.
    """

    denominator: int
    merchant_id: str
    numerator: int
    rank: int
    value: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        denominator = self.denominator

        merchant_id = self.merchant_id

        numerator = self.numerator

        rank = self.rank

        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "denominator": denominator,
                "merchant_id": merchant_id,
                "numerator": numerator,
                "rank": rank,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        denominator = d.pop("denominator")

        merchant_id = d.pop("merchant_id")

        numerator = d.pop("numerator")

        rank = d.pop("rank")

        value = d.pop("value")

        leaderboard_row = cls(
            denominator=denominator,
            merchant_id=merchant_id,
            numerator=numerator,
            rank=rank,
            value=value,
        )

        leaderboard_row.additional_properties = d
        return leaderboard_row

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
