from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RefundHandlingRequestType1")


@_attrs_define
class RefundHandlingRequestType1:
    """
    Attributes:
        closed (bool):
        note (None | Unset): Left out (or null): restoring takes no reason
    """

    closed: bool
    note: None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        closed = self.closed

        note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "closed": closed,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        closed = d.pop("closed")

        note = d.pop("note", UNSET)

        refund_handling_request_type_1 = cls(
            closed=closed,
            note=note,
        )

        return refund_handling_request_type_1
