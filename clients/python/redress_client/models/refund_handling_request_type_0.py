from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="RefundHandlingRequestType0")


@_attrs_define
class RefundHandlingRequestType0:
    """
    Attributes:
        closed (bool):
        note (str): Why (free text): required when closing, refused when restoring.
    """

    closed: bool
    note: str

    def to_dict(self) -> dict[str, Any]:
        closed = self.closed

        note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "closed": closed,
                "note": note,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        closed = d.pop("closed")

        note = d.pop("note")

        refund_handling_request_type_0 = cls(
            closed=closed,
            note=note,
        )

        return refund_handling_request_type_0
