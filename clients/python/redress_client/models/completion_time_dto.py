from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CompletionTimeDto")


@_attrs_define
class CompletionTimeDto:
    """A self-completion time: total seconds over completed tickets, and its store-score points.

    Attributes:
        tickets (int):
        total_seconds (int):
        average_seconds (int | None | Unset):
        capped_from_tenths (int | None | Unset): The points before the merchant-responsible cap, when it lowered them.
        score_tenths (int | None | Unset): Points in tenths (5.0 → 50); `null` with no completed ticket.
    """

    tickets: int
    total_seconds: int
    average_seconds: int | None | Unset = UNSET
    capped_from_tenths: int | None | Unset = UNSET
    score_tenths: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        tickets = self.tickets

        total_seconds = self.total_seconds

        average_seconds: int | None | Unset
        if isinstance(self.average_seconds, Unset):
            average_seconds = UNSET
        else:
            average_seconds = self.average_seconds

        capped_from_tenths: int | None | Unset
        if isinstance(self.capped_from_tenths, Unset):
            capped_from_tenths = UNSET
        else:
            capped_from_tenths = self.capped_from_tenths

        score_tenths: int | None | Unset
        if isinstance(self.score_tenths, Unset):
            score_tenths = UNSET
        else:
            score_tenths = self.score_tenths

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "tickets": tickets,
                "total_seconds": total_seconds,
            }
        )
        if average_seconds is not UNSET:
            field_dict["average_seconds"] = average_seconds
        if capped_from_tenths is not UNSET:
            field_dict["capped_from_tenths"] = capped_from_tenths
        if score_tenths is not UNSET:
            field_dict["score_tenths"] = score_tenths

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        tickets = d.pop("tickets")

        total_seconds = d.pop("total_seconds")

        def _parse_average_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        average_seconds = _parse_average_seconds(d.pop("average_seconds", UNSET))

        def _parse_capped_from_tenths(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        capped_from_tenths = _parse_capped_from_tenths(d.pop("capped_from_tenths", UNSET))

        def _parse_score_tenths(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        score_tenths = _parse_score_tenths(d.pop("score_tenths", UNSET))

        completion_time_dto = cls(
            tickets=tickets,
            total_seconds=total_seconds,
            average_seconds=average_seconds,
            capped_from_tenths=capped_from_tenths,
            score_tenths=score_tenths,
        )

        completion_time_dto.additional_properties = d
        return completion_time_dto

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
