from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookCreatorPenalisedData")


@_attrs_define
class WebhookCreatorPenalisedData:
    """
    Attributes:
        creator_id (str): The creator
        evaluated_on (datetime.date): The evaluation day
        measures (list[str]): The measures' codes, e.g. warning, mandatory_exam
        penalty_id (str): The penalty
        policy_version (int): The stored policy version it was decided under (0: none stored)
        severity (str): The severity
        violation (str): dispute_rate
    """

    creator_id: str
    evaluated_on: datetime.date
    measures: list[str]
    penalty_id: str
    policy_version: int
    severity: str
    violation: str

    def to_dict(self) -> dict[str, Any]:
        creator_id = self.creator_id

        evaluated_on = self.evaluated_on.isoformat()

        measures = self.measures

        penalty_id = self.penalty_id

        policy_version = self.policy_version

        severity = self.severity

        violation = self.violation

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "creator_id": creator_id,
                "evaluated_on": evaluated_on,
                "measures": measures,
                "penalty_id": penalty_id,
                "policy_version": policy_version,
                "severity": severity,
                "violation": violation,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        creator_id = d.pop("creator_id")

        evaluated_on = datetime.date.fromisoformat(d.pop("evaluated_on"))

        measures = cast(list[str], d.pop("measures"))

        penalty_id = d.pop("penalty_id")

        policy_version = d.pop("policy_version")

        severity = d.pop("severity")

        violation = d.pop("violation")

        webhook_creator_penalised_data = cls(
            creator_id=creator_id,
            evaluated_on=evaluated_on,
            measures=measures,
            penalty_id=penalty_id,
            policy_version=policy_version,
            severity=severity,
            violation=violation,
        )

        return webhook_creator_penalised_data
