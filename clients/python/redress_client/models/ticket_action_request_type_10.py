from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.ticket_action_request_type_10_type import TicketActionRequestType10Type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.evidence_dto import EvidenceDto


T = TypeVar("T", bound="TicketActionRequestType10")


@_attrs_define
class TicketActionRequestType10:
    """Buyer: ask the platform to step in (平台介入).

    Attributes:
        type_ (TicketActionRequestType10Type):
        evidence (list[EvidenceDto] | Unset):
        note (str | Unset):
    """

    type_: TicketActionRequestType10Type
    evidence: list[EvidenceDto] | Unset = UNSET
    note: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        evidence: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.evidence, Unset):
            evidence = []
            for evidence_item_data in self.evidence:
                evidence_item = evidence_item_data.to_dict()
                evidence.append(evidence_item)

        note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )
        if evidence is not UNSET:
            field_dict["evidence"] = evidence
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evidence_dto import EvidenceDto  # noqa: PLC0415

        d = dict(src_dict)
        type_ = TicketActionRequestType10Type(d.pop("type"))

        _evidence = d.pop("evidence", UNSET)
        evidence: list[EvidenceDto] | Unset = UNSET
        if _evidence is not UNSET:
            evidence = []
            for evidence_item_data in _evidence:
                evidence_item = EvidenceDto.from_dict(evidence_item_data)

                evidence.append(evidence_item)

        note = d.pop("note", UNSET)

        ticket_action_request_type_10 = cls(
            type_=type_,
            evidence=evidence,
            note=note,
        )

        return ticket_action_request_type_10
