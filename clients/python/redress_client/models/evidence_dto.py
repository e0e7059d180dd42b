from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.evidence_kind_dto import EvidenceKindDto
from ..types import UNSET, Unset

T = TypeVar("T", bound="EvidenceDto")


@_attrs_define
class EvidenceDto:
    """A piece of evidence: what it is and where (a file's content hash, a tracking number, a link).

    Attributes:
        kind (EvidenceKindDto): What a piece of evidence is.
        reference (str):
        note (str | Unset):
    """

    kind: EvidenceKindDto
    reference: str
    note: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        reference = self.reference

        note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "reference": reference,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = EvidenceKindDto(d.pop("kind"))

        reference = d.pop("reference")

        note = d.pop("note", UNSET)

        evidence_dto = cls(
            kind=kind,
            reference=reference,
            note=note,
        )

        return evidence_dto
