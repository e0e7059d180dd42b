from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.ratio_dto import RatioDto


T = TypeVar("T", bound="OverdueDto")


@_attrs_define
class OverdueDto:
    """Overdue-approved tickets among those opened (seed 004).

    Attributes:
        high_risk (bool):
        mass_overdue_violation (bool):
        share (RatioDto): A count over a count, with the rate in parts per million (`null` with nothing to divide
            by: no data, not 0 %).
    """

    high_risk: bool
    mass_overdue_violation: bool
    share: RatioDto
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        high_risk = self.high_risk

        mass_overdue_violation = self.mass_overdue_violation

        share = self.share.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "high_risk": high_risk,
                "mass_overdue_violation": mass_overdue_violation,
                "share": share,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ratio_dto import RatioDto  # noqa: PLC0415

        d = dict(src_dict)
        high_risk = d.pop("high_risk")

        mass_overdue_violation = d.pop("mass_overdue_violation")

        share = RatioDto.from_dict(d.pop("share"))

        overdue_dto = cls(
            high_risk=high_risk,
            mass_overdue_violation=mass_overdue_violation,
            share=share,
        )

        overdue_dto.additional_properties = d
        return overdue_dto

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
