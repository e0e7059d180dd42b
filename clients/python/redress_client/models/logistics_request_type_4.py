from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.logistics_request_type_4_type import LogisticsRequestType4Type

T = TypeVar("T", bound="LogisticsRequestType4")


@_attrs_define
class LogisticsRequestType4:
    """
    Attributes:
        type_ (LogisticsRequestType4Type):
    """

    type_: LogisticsRequestType4Type

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = LogisticsRequestType4Type(d.pop("type"))

        logistics_request_type_4 = cls(
            type_=type_,
        )

        return logistics_request_type_4
