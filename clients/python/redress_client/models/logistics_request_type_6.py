from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.logistics_request_type_6_type import LogisticsRequestType6Type

T = TypeVar("T", bound="LogisticsRequestType6")


@_attrs_define
class LogisticsRequestType6:
    """The buyer's return parcel is on its way to the merchant.

    Attributes:
        ticket_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ . :, starting with a
            letter or digit, never `..`
        type_ (LogisticsRequestType6Type):
    """

    ticket_id: str
    type_: LogisticsRequestType6Type

    def to_dict(self) -> dict[str, Any]:
        ticket_id = self.ticket_id

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "ticket_id": ticket_id,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ticket_id = d.pop("ticket_id")

        type_ = LogisticsRequestType6Type(d.pop("type"))

        logistics_request_type_6 = cls(
            ticket_id=ticket_id,
            type_=type_,
        )

        return logistics_request_type_6
