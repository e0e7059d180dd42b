from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.measure_dto_type_0 import MeasureDtoType0
    from ..models.measure_dto_type_1 import MeasureDtoType1
    from ..models.measure_dto_type_2 import MeasureDtoType2
    from ..models.measure_dto_type_3 import MeasureDtoType3
    from ..models.measure_dto_type_4 import MeasureDtoType4
    from ..models.measure_dto_type_5 import MeasureDtoType5
    from ..models.measure_dto_type_6 import MeasureDtoType6
    from ..models.measure_dto_type_7 import MeasureDtoType7
    from ..models.measure_dto_type_8 import MeasureDtoType8
    from ..models.measure_dto_type_9 import MeasureDtoType9
    from ..models.ratio_dto import RatioDto


T = TypeVar("T", bound="PenaltyDto")


@_attrs_define
class PenaltyDto:
    """A penalty of the weekly evaluation, with the figures that caused it.

    Attributes:
        earlier_violations (int):
        evaluated_on (str):
        id (str):
        measures (list[MeasureDtoType0 | MeasureDtoType1 | MeasureDtoType2 | MeasureDtoType3 | MeasureDtoType4 |
            MeasureDtoType5 | MeasureDtoType6 | MeasureDtoType7 | MeasureDtoType8 | MeasureDtoType9]):
        policy_version (int): The policy version the evaluation applied (`GET /v1/policy/versions`); 0 for a
            penalty from before versioned policies, or under a policy that is not stored.
        rate (RatioDto): A count over a count, with the rate in parts per million (`null` with nothing to divide
            by: no data, not 0 %).
        severity (str): `slight`, `serious` or `especially_serious`.
        standard (str): `dispute_rate`, `mass_overdue`, or `operator_decision` (a termination an operator
            decided, with its `note`).
        status (str): `active`, `appealed` or `revoked`.
        threshold_ppm (int):
        note (None | str | Unset): The operator's reason, for an operator's decision.
        platform (None | RatioDto | Unset):
        status_text (None | str | Unset): The merchant's appeal or the operator's reason for revoking.
    """

    earlier_violations: int
    evaluated_on: str
    id: str
    measures: list[
        MeasureDtoType0
        | MeasureDtoType1
        | MeasureDtoType2
        | MeasureDtoType3
        | MeasureDtoType4
        | MeasureDtoType5
        | MeasureDtoType6
        | MeasureDtoType7
        | MeasureDtoType8
        | MeasureDtoType9
    ]
    policy_version: int
    rate: RatioDto
    severity: str
    standard: str
    status: str
    threshold_ppm: int
    note: None | str | Unset = UNSET
    platform: None | RatioDto | Unset = UNSET
    status_text: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.measure_dto_type_0 import MeasureDtoType0  # noqa: PLC0415
        from ..models.measure_dto_type_1 import MeasureDtoType1  # noqa: PLC0415
        from ..models.measure_dto_type_2 import MeasureDtoType2  # noqa: PLC0415
        from ..models.measure_dto_type_3 import MeasureDtoType3  # noqa: PLC0415
        from ..models.measure_dto_type_4 import MeasureDtoType4  # noqa: PLC0415
        from ..models.measure_dto_type_5 import MeasureDtoType5  # noqa: PLC0415
        from ..models.measure_dto_type_6 import MeasureDtoType6  # noqa: PLC0415
        from ..models.measure_dto_type_7 import MeasureDtoType7  # noqa: PLC0415
        from ..models.measure_dto_type_8 import MeasureDtoType8  # noqa: PLC0415
        from ..models.ratio_dto import RatioDto  # noqa: PLC0415

        earlier_violations = self.earlier_violations

        evaluated_on = self.evaluated_on

        id = self.id

        measures = []
        for measures_item_data in self.measures:
            measures_item: dict[str, Any]
            if isinstance(measures_item_data, MeasureDtoType0):
                measures_item = measures_item_data.to_dict()
            elif isinstance(measures_item_data, MeasureDtoType1):
                measures_item = measures_item_data.to_dict()
            elif isinstance(measures_item_data, MeasureDtoType2):
                measures_item = measures_item_data.to_dict()
            elif isinstance(measures_item_data, MeasureDtoType3):
                measures_item = measures_item_data.to_dict()
            elif isinstance(measures_item_data, MeasureDtoType4):
                measures_item = measures_item_data.to_dict()
            elif isinstance(measures_item_data, MeasureDtoType5):
                measures_item = measures_item_data.to_dict()
            elif isinstance(measures_item_data, MeasureDtoType6):
                measures_item = measures_item_data.to_dict()
            elif isinstance(measures_item_data, MeasureDtoType7):
                measures_item = measures_item_data.to_dict()
            elif isinstance(measures_item_data, MeasureDtoType8):
                measures_item = measures_item_data.to_dict()
            else:
                measures_item = measures_item_data.to_dict()

            measures.append(measures_item)

        policy_version = self.policy_version

        rate = self.rate.to_dict()

        severity = self.severity

        standard = self.standard

        status = self.status

        threshold_ppm = self.threshold_ppm

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        platform: dict[str, Any] | None | Unset
        if isinstance(self.platform, Unset):
            platform = UNSET
        elif isinstance(self.platform, RatioDto):
            platform = self.platform.to_dict()
        else:
            platform = self.platform

        status_text: None | str | Unset
        if isinstance(self.status_text, Unset):
            status_text = UNSET
        else:
            status_text = self.status_text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "earlier_violations": earlier_violations,
                "evaluated_on": evaluated_on,
                "id": id,
                "measures": measures,
                "policy_version": policy_version,
                "rate": rate,
                "severity": severity,
                "standard": standard,
                "status": status,
                "threshold_ppm": threshold_ppm,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note
        if platform is not UNSET:
            field_dict["platform"] = platform
        if status_text is not UNSET:
            field_dict["status_text"] = status_text

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.measure_dto_type_0 import MeasureDtoType0  # noqa: PLC0415
        from ..models.measure_dto_type_1 import MeasureDtoType1  # noqa: PLC0415
        from ..models.measure_dto_type_2 import MeasureDtoType2  # noqa: PLC0415
        from ..models.measure_dto_type_3 import MeasureDtoType3  # noqa: PLC0415
        from ..models.measure_dto_type_4 import MeasureDtoType4  # noqa: PLC0415
        from ..models.measure_dto_type_5 import MeasureDtoType5  # noqa: PLC0415
        from ..models.measure_dto_type_6 import MeasureDtoType6  # noqa: PLC0415
        from ..models.measure_dto_type_7 import MeasureDtoType7  # noqa: PLC0415
        from ..models.measure_dto_type_8 import MeasureDtoType8  # noqa: PLC0415
        from ..models.measure_dto_type_9 import MeasureDtoType9  # noqa: PLC0415
        from ..models.ratio_dto import RatioDto  # noqa: PLC0415

        d = dict(src_dict)
        earlier_violations = d.pop("earlier_violations")

        evaluated_on = d.pop("evaluated_on")

        id = d.pop("id")

        measures = []
        _measures = d.pop("measures")
        for measures_item_data in _measures:

            def _parse_measures_item(
                data: object,
            ) -> (
                MeasureDtoType0
                | MeasureDtoType1
                | MeasureDtoType2
                | MeasureDtoType3
                | MeasureDtoType4
                | MeasureDtoType5
                | MeasureDtoType6
                | MeasureDtoType7
                | MeasureDtoType8
                | MeasureDtoType9
            ):
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_measure_dto_type_0 = MeasureDtoType0.from_dict(data)

                    return componentsschemas_measure_dto_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_measure_dto_type_1 = MeasureDtoType1.from_dict(data)

                    return componentsschemas_measure_dto_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_measure_dto_type_2 = MeasureDtoType2.from_dict(data)

                    return componentsschemas_measure_dto_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_measure_dto_type_3 = MeasureDtoType3.from_dict(data)

                    return componentsschemas_measure_dto_type_3
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_measure_dto_type_4 = MeasureDtoType4.from_dict(data)

                    return componentsschemas_measure_dto_type_4
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_measure_dto_type_5 = MeasureDtoType5.from_dict(data)

                    return componentsschemas_measure_dto_type_5
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_measure_dto_type_6 = MeasureDtoType6.from_dict(data)

                    return componentsschemas_measure_dto_type_6
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_measure_dto_type_7 = MeasureDtoType7.from_dict(data)

                    return componentsschemas_measure_dto_type_7
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_measure_dto_type_8 = MeasureDtoType8.from_dict(data)

                    return componentsschemas_measure_dto_type_8
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_measure_dto_type_9 = MeasureDtoType9.from_dict(data)

                return componentsschemas_measure_dto_type_9

            measures_item = _parse_measures_item(measures_item_data)

            measures.append(measures_item)

        policy_version = d.pop("policy_version")

        rate = RatioDto.from_dict(d.pop("rate"))

        severity = d.pop("severity")

        standard = d.pop("standard")

        status = d.pop("status")

        threshold_ppm = d.pop("threshold_ppm")

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        def _parse_platform(data: object) -> None | RatioDto | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                platform_type_0 = RatioDto.from_dict(data)

                return platform_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RatioDto | Unset, data)

        platform = _parse_platform(d.pop("platform", UNSET))

        def _parse_status_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        status_text = _parse_status_text(d.pop("status_text", UNSET))

        penalty_dto = cls(
            earlier_violations=earlier_violations,
            evaluated_on=evaluated_on,
            id=id,
            measures=measures,
            policy_version=policy_version,
            rate=rate,
            severity=severity,
            standard=standard,
            status=status,
            threshold_ppm=threshold_ppm,
            note=note,
            platform=platform,
            status_text=status_text,
        )

        penalty_dto.additional_properties = d
        return penalty_dto

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
