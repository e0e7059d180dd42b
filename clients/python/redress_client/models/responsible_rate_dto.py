from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.verdict_dto import VerdictDto

if TYPE_CHECKING:
    from ..models.ratio_dto import RatioDto


T = TypeVar("T", bound="ResponsibleRateDto")


@_attrs_define
class ResponsibleRateDto:
    """商责纠纷率: passes below `count_below` disputes or at most `rate_ppm_max`.

    Attributes:
        count_below (int):
        rate (RatioDto): A count over a count, with the rate in parts per million (`null` with nothing to divide
            by: no data, not 0 %).
        rate_ppm_max (int):
        verdict (VerdictDto):
    """

    count_below: int
    rate: RatioDto
    rate_ppm_max: int
    verdict: VerdictDto
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        count_below = self.count_below

        rate = self.rate.to_dict()

        rate_ppm_max = self.rate_ppm_max

        verdict = self.verdict.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "count_below": count_below,
                "rate": rate,
                "rate_ppm_max": rate_ppm_max,
                "verdict": verdict,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ratio_dto import RatioDto  # noqa: PLC0415

        d = dict(src_dict)
        count_below = d.pop("count_below")

        rate = RatioDto.from_dict(d.pop("rate"))

        rate_ppm_max = d.pop("rate_ppm_max")

        verdict = VerdictDto(d.pop("verdict"))

        responsible_rate_dto = cls(
            count_below=count_below,
            rate=rate,
            rate_ppm_max=rate_ppm_max,
            verdict=verdict,
        )

        responsible_rate_dto.additional_properties = d
        return responsible_rate_dto

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
