from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.logistics_request_type_0_type import LogisticsRequestType0Type

T = TypeVar("T", bound="LogisticsRequestType0")


@_attrs_define
class LogisticsRequestType0:
    """The merchant's tracking number is in the system: the order counts as shipped.

    Attributes:
        tracking (str):
        type_ (LogisticsRequestType0Type):
    """

    tracking: str
    type_: LogisticsRequestType0Type

    def to_dict(self) -> dict[str, Any]:
        tracking = self.tracking

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "tracking": tracking,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        tracking = d.pop("tracking")

        type_ = LogisticsRequestType0Type(d.pop("type"))

        logistics_request_type_0 = cls(
            tracking=tracking,
            type_=type_,
        )

        return logistics_request_type_0
