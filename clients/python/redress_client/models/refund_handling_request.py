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
        reason (None | str | Unset): Required when closing.
    """

    closed: bool
    reason: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        closed = self.closed

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "closed": closed,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        closed = d.pop("closed")

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        refund_handling_request = cls(
            closed=closed,
            reason=reason,
        )

        return refund_handling_request
