from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.verdict_dto import VerdictDto
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.ratio_dto import RatioDto


T = TypeVar("T", bound="DisputeRateDto")


@_attrs_define
class DisputeRateDto:
    """纠纷介入率 and the standard it is held to.

    Attributes:
        platform (RatioDto): A count over a count, with the rate in parts per million (`null` with nothing to divide
            by: no data, not 0 %).
        rate (RatioDto): A count over a count, with the rate in parts per million (`null` with nothing to divide
            by: no data, not 0 %).
        reference_rate_ppm (int):
        verdict (VerdictDto):
        fixed_rate_ppm (int | None | Unset): …or strictly below this fixed rate, depending on the policy.
        multiplier_ppm (int | None | Unset): Passes strictly below this multiple (parts per million) of the platform's
            rate…
        threshold_ppm (int | None | Unset): The rate it must stay strictly below, in ppm (rounded down from the exact
            value, as
            a penalty's evidence records it); `null` when a relative standard has no platform
            orders to average over.
    """

    platform: RatioDto
    rate: RatioDto
    reference_rate_ppm: int
    verdict: VerdictDto
    fixed_rate_ppm: int | None | Unset = UNSET
    multiplier_ppm: int | None | Unset = UNSET
    threshold_ppm: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        platform = self.platform.to_dict()

        rate = self.rate.to_dict()

        reference_rate_ppm = self.reference_rate_ppm

        verdict = self.verdict.value

        fixed_rate_ppm: int | None | Unset
        if isinstance(self.fixed_rate_ppm, Unset):
            fixed_rate_ppm = UNSET
        else:
            fixed_rate_ppm = self.fixed_rate_ppm

        multiplier_ppm: int | None | Unset
        if isinstance(self.multiplier_ppm, Unset):
            multiplier_ppm = UNSET
        else:
            multiplier_ppm = self.multiplier_ppm

        threshold_ppm: int | None | Unset
        if isinstance(self.threshold_ppm, Unset):
            threshold_ppm = UNSET
        else:
            threshold_ppm = self.threshold_ppm

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "platform": platform,
                "rate": rate,
                "reference_rate_ppm": reference_rate_ppm,
                "verdict": verdict,
            }
        )
        if fixed_rate_ppm is not UNSET:
            field_dict["fixed_rate_ppm"] = fixed_rate_ppm
        if multiplier_ppm is not UNSET:
            field_dict["multiplier_ppm"] = multiplier_ppm
        if threshold_ppm is not UNSET:
            field_dict["threshold_ppm"] = threshold_ppm

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ratio_dto import RatioDto  # noqa: PLC0415

        d = dict(src_dict)
        platform = RatioDto.from_dict(d.pop("platform"))

        rate = RatioDto.from_dict(d.pop("rate"))

        reference_rate_ppm = d.pop("reference_rate_ppm")

        verdict = VerdictDto(d.pop("verdict"))

        def _parse_fixed_rate_ppm(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        fixed_rate_ppm = _parse_fixed_rate_ppm(d.pop("fixed_rate_ppm", UNSET))

        def _parse_multiplier_ppm(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        multiplier_ppm = _parse_multiplier_ppm(d.pop("multiplier_ppm", UNSET))

        def _parse_threshold_ppm(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        threshold_ppm = _parse_threshold_ppm(d.pop("threshold_ppm", UNSET))

        dispute_rate_dto = cls(
            platform=platform,
            rate=rate,
            reference_rate_ppm=reference_rate_ppm,
            verdict=verdict,
            fixed_rate_ppm=fixed_rate_ppm,
            multiplier_ppm=multiplier_ppm,
            threshold_ppm=threshold_ppm,
        )

        dispute_rate_dto.additional_properties = d
        return dispute_rate_dto

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
