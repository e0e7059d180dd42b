from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PenaltyTextRequest")


@_attrs_define
class PenaltyTextRequest:
    """The merchant's appeal, or the operator's reason for revoking.

    Attributes:
        text (str): 1 to 2000 characters, not only spaces.
    """

    text: str

    def to_dict(self) -> dict[str, Any]:
        text = self.text

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "text": text,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        text = d.pop("text")

        penalty_text_request = cls(
            text=text,
        )

        return penalty_text_request
