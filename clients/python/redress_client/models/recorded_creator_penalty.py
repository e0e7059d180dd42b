from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.penalty_dto import PenaltyDto


T = TypeVar("T", bound="RecordedCreatorPenalty")


@_attrs_define
class RecordedCreatorPenalty:
    """
    Attributes:
        creator_id (str):
        penalty (PenaltyDto): A penalty of the weekly evaluation, with the figures that caused it.
    """

    creator_id: str
    penalty: PenaltyDto
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        creator_id = self.creator_id

        penalty = self.penalty.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "creator_id": creator_id,
                "penalty": penalty,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.penalty_dto import PenaltyDto  # noqa: PLC0415

        d = dict(src_dict)
        creator_id = d.pop("creator_id")

        penalty = PenaltyDto.from_dict(d.pop("penalty"))

        recorded_creator_penalty = cls(
            creator_id=creator_id,
            penalty=penalty,
        )

        recorded_creator_penalty.additional_properties = d
        return recorded_creator_penalty

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
