from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="EvaluationRequest")


@_attrs_define
class EvaluationRequest:
    """Run the weekly evaluation of the period that is due, or preview any day's.

    Attributes:
        day (datetime.date): The evaluation day, YYYY-MM-DD; the window is the days before it. Without `dry_run`
            it must be the scheduled day of the period due (the policy's weekday, its time
            passed, the week after the last period evaluated), or the last period evaluated
            (which records nothing twice); any other day is refused with 422
            `evaluation_not_due`.
        dry_run (bool | Unset): Preview: compute any day's penalties without recording anything, and without moving
            the evaluation calendar.
    """

    day: datetime.date
    dry_run: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        day = self.day.isoformat()

        dry_run = self.dry_run

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "day": day,
            }
        )
        if dry_run is not UNSET:
            field_dict["dry_run"] = dry_run

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        day = datetime.date.fromisoformat(d.pop("day"))

        dry_run = d.pop("dry_run", UNSET)

        evaluation_request = cls(
            day=day,
            dry_run=dry_run,
        )

        return evaluation_request
