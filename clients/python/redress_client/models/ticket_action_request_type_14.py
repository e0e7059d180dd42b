from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.ticket_action_request_type_14_type import TicketActionRequestType14Type

if TYPE_CHECKING:
    from ..models.evidence_dto import EvidenceDto


T = TypeVar("T", bound="TicketActionRequestType14")


@_attrs_define
class TicketActionRequestType14:
    """Buyer or merchant: evidence for the dispute.

    Attributes:
        evidence (EvidenceDto): A piece of evidence: what it is and where (a file's content hash, a tracking number, a
            link).
        type_ (TicketActionRequestType14Type):
    """

    evidence: EvidenceDto
    type_: TicketActionRequestType14Type

    def to_dict(self) -> dict[str, Any]:
        evidence = self.evidence.to_dict()

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "evidence": evidence,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evidence_dto import EvidenceDto  # noqa: PLC0415

        d = dict(src_dict)
        evidence = EvidenceDto.from_dict(d.pop("evidence"))

        type_ = TicketActionRequestType14Type(d.pop("type"))

        ticket_action_request_type_14 = cls(
            evidence=evidence,
            type_=type_,
        )

        return ticket_action_request_type_14
