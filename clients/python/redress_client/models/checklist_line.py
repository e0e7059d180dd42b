from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.evidence_kind_dto import EvidenceKindDto

T = TypeVar("T", bound="ChecklistLine")


@_attrs_define
class ChecklistLine:
    """One required kind of evidence and whether it has been given.

    Attributes:
        given (bool):
        kind (EvidenceKindDto): What a piece of evidence is.
    """

    given: bool
    kind: EvidenceKindDto
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        given = self.given

        kind = self.kind.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "given": given,
                "kind": kind,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        given = d.pop("given")

        kind = EvidenceKindDto(d.pop("kind"))

        checklist_line = cls(
            given=given,
            kind=kind,
        )

        checklist_line.additional_properties = d
        return checklist_line

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
