from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.reject_ground_dto import RejectGroundDto
from ..models.ticket_action_request_type_2_type import TicketActionRequestType2Type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.evidence_dto import EvidenceDto


T = TypeVar("T", bound="TicketActionRequestType2")


@_attrs_define
class TicketActionRequestType2:
    """Merchant: reject, with the evidence the scenario requires.

    Attributes:
        note (str): Why, for the buyer (free text).
        type_ (TicketActionRequestType2Type):
        evidence (list[EvidenceDto] | Unset):
        ground (RejectGroundDto | Unset): What a merchant's rejection rests on.
    """

    note: str
    type_: TicketActionRequestType2Type
    evidence: list[EvidenceDto] | Unset = UNSET
    ground: RejectGroundDto | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        note = self.note

        type_ = self.type_.value

        evidence: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.evidence, Unset):
            evidence = []
            for evidence_item_data in self.evidence:
                evidence_item = evidence_item_data.to_dict()
                evidence.append(evidence_item)

        ground: str | Unset = UNSET
        if not isinstance(self.ground, Unset):
            ground = self.ground.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "note": note,
                "type": type_,
            }
        )
        if evidence is not UNSET:
            field_dict["evidence"] = evidence
        if ground is not UNSET:
            field_dict["ground"] = ground

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evidence_dto import EvidenceDto  # noqa: PLC0415

        d = dict(src_dict)
        note = d.pop("note")

        type_ = TicketActionRequestType2Type(d.pop("type"))

        _evidence = d.pop("evidence", UNSET)
        evidence: list[EvidenceDto] | Unset = UNSET
        if _evidence is not UNSET:
            evidence = []
            for evidence_item_data in _evidence:
                evidence_item = EvidenceDto.from_dict(evidence_item_data)

                evidence.append(evidence_item)

        _ground = d.pop("ground", UNSET)
        ground: RejectGroundDto | Unset
        if isinstance(_ground, Unset):
            ground = UNSET
        else:
            ground = RejectGroundDto(_ground)

        ticket_action_request_type_2 = cls(
            note=note,
            type_=type_,
            evidence=evidence,
            ground=ground,
        )

        return ticket_action_request_type_2
