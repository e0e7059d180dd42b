from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.responsibility_dto import ResponsibilityDto
from ..models.ticket_action_request_type_16_type import TicketActionRequestType16Type

if TYPE_CHECKING:
    from ..models.verdict_outcome_dto_type_0 import VerdictOutcomeDtoType0
    from ..models.verdict_outcome_dto_type_1 import VerdictOutcomeDtoType1
    from ..models.verdict_outcome_dto_type_2 import VerdictOutcomeDtoType2


T = TypeVar("T", bound="TicketActionRequestType16")


@_attrs_define
class TicketActionRequestType16:
    """Arbitrator: the verdict.

    Attributes:
        note (str): The reasoning, for both sides (free text).
        outcome (VerdictOutcomeDtoType0 | VerdictOutcomeDtoType1 | VerdictOutcomeDtoType2): The arbitrator's outcome.
        responsibility (ResponsibilityDto): Who the arbitrator holds responsible.
        type_ (TicketActionRequestType16Type):
    """

    note: str
    outcome: VerdictOutcomeDtoType0 | VerdictOutcomeDtoType1 | VerdictOutcomeDtoType2
    responsibility: ResponsibilityDto
    type_: TicketActionRequestType16Type

    def to_dict(self) -> dict[str, Any]:
        from ..models.verdict_outcome_dto_type_0 import VerdictOutcomeDtoType0  # noqa: PLC0415
        from ..models.verdict_outcome_dto_type_1 import VerdictOutcomeDtoType1  # noqa: PLC0415

        note = self.note

        outcome: dict[str, Any]
        if isinstance(self.outcome, VerdictOutcomeDtoType0):
            outcome = self.outcome.to_dict()
        elif isinstance(self.outcome, VerdictOutcomeDtoType1):
            outcome = self.outcome.to_dict()
        else:
            outcome = self.outcome.to_dict()

        responsibility = self.responsibility.value

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "note": note,
                "outcome": outcome,
                "responsibility": responsibility,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.verdict_outcome_dto_type_0 import VerdictOutcomeDtoType0  # noqa: PLC0415
        from ..models.verdict_outcome_dto_type_1 import VerdictOutcomeDtoType1  # noqa: PLC0415
        from ..models.verdict_outcome_dto_type_2 import VerdictOutcomeDtoType2  # noqa: PLC0415

        d = dict(src_dict)
        note = d.pop("note")

        def _parse_outcome(data: object) -> VerdictOutcomeDtoType0 | VerdictOutcomeDtoType1 | VerdictOutcomeDtoType2:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_verdict_outcome_dto_type_0 = VerdictOutcomeDtoType0.from_dict(data)

                return componentsschemas_verdict_outcome_dto_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_verdict_outcome_dto_type_1 = VerdictOutcomeDtoType1.from_dict(data)

                return componentsschemas_verdict_outcome_dto_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_verdict_outcome_dto_type_2 = VerdictOutcomeDtoType2.from_dict(data)

            return componentsschemas_verdict_outcome_dto_type_2

        outcome = _parse_outcome(d.pop("outcome"))

        responsibility = ResponsibilityDto(d.pop("responsibility"))

        type_ = TicketActionRequestType16Type(d.pop("type"))

        ticket_action_request_type_16 = cls(
            note=note,
            outcome=outcome,
            responsibility=responsibility,
            type_=type_,
        )

        return ticket_action_request_type_16
