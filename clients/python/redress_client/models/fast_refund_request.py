from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="FastRefundRequest")


@_attrs_define
class FastRefundRequest:
    """Opt in or out of fast refund for unshipped refund-only requests.

    Attributes:
        opted_in (bool):
    """

    opted_in: bool

    def to_dict(self) -> dict[str, Any]:
        opted_in = self.opted_in

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "opted_in": opted_in,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        opted_in = d.pop("opted_in")

        fast_refund_request = cls(
            opted_in=opted_in,
        )

        return fast_refund_request
