from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.evidence_dto import EvidenceDto


T = TypeVar("T", bound="DisputeEvidenceDto")


@_attrs_define
class DisputeEvidenceDto:
    """Evidence added during the dispute.

    Attributes:
        at (str):
        evidence (EvidenceDto): A piece of evidence: what it is and where (a file's content hash, a tracking number, a
            link).
        side (str):
    """

    at: str
    evidence: EvidenceDto
    side: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        at = self.at

        evidence = self.evidence.to_dict()

        side = self.side

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "at": at,
                "evidence": evidence,
                "side": side,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evidence_dto import EvidenceDto  # noqa: PLC0415

        d = dict(src_dict)
        at = d.pop("at")

        evidence = EvidenceDto.from_dict(d.pop("evidence"))

        side = d.pop("side")

        dispute_evidence_dto = cls(
            at=at,
            evidence=evidence,
            side=side,
        )

        dispute_evidence_dto.additional_properties = d
        return dispute_evidence_dto

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
