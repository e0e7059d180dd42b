from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.dispute_rate_dto import DisputeRateDto


T = TypeVar("T", bound="CreatorRow")


@_attrs_define
class CreatorRow:
    """A creator with figures in the window, its rate, and its penalties that still count.

    Attributes:
        creator_id (str):
        dispute_rate (DisputeRateDto): 纠纷介入率 and the standard it is held to.
        penalties (int): Penalties on record, not revoked.
    """

    creator_id: str
    dispute_rate: DisputeRateDto
    penalties: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        creator_id = self.creator_id

        dispute_rate = self.dispute_rate.to_dict()

        penalties = self.penalties

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "creator_id": creator_id,
                "dispute_rate": dispute_rate,
                "penalties": penalties,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dispute_rate_dto import DisputeRateDto  # noqa: PLC0415

        d = dict(src_dict)
        creator_id = d.pop("creator_id")

        dispute_rate = DisputeRateDto.from_dict(d.pop("dispute_rate"))

        penalties = d.pop("penalties")

        creator_row = cls(
            creator_id=creator_id,
            dispute_rate=dispute_rate,
            penalties=penalties,
        )

        creator_row.additional_properties = d
        return creator_row

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
