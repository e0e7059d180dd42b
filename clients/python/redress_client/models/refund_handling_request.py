from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RefundHandlingRequest")


@_attrs_define
class RefundHandlingRequest:
    """Close (with a reason) or restore a merchant's refund handling (seed 004).

    Attributes:
        closed (bool):
        note (None | str | Unset): Why (free text): required when closing, refused when restoring.
    """

    closed: bool
    note: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        closed = self.closed

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
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

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        refund_handling_request = cls(
            closed=closed,
            note=note,
        )

        return refund_handling_request
