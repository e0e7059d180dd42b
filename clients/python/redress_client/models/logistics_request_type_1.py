from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.logistics_request_type_1_type import LogisticsRequestType1Type

T = TypeVar("T", bound="LogisticsRequestType1")


@_attrs_define
class LogisticsRequestType1:
    """
    Attributes:
        type_ (LogisticsRequestType1Type):
    """

    type_: LogisticsRequestType1Type

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
        type_ = LogisticsRequestType1Type(d.pop("type"))

        logistics_request_type_1 = cls(
            type_=type_,
        )

        return logistics_request_type_1
