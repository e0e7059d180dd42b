from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="CreatorPenaltyTextRequest")


@_attrs_define
class CreatorPenaltyTextRequest:
    """The creator's appeal as an operator records it, or the operator's reason for revoking.

    Attributes:
        note (str): 1 to 2000 characters, not only spaces.
    """

    note: str

    def to_dict(self) -> dict[str, Any]:
        note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "note": note,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        note = d.pop("note")

        creator_penalty_text_request = cls(
            note=note,
        )

        return creator_penalty_text_request
