from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.ticket_action_request_type_9_type import TicketActionRequestType9Type

T = TypeVar("T", bound="TicketActionRequestType9")


@_attrs_define
class TicketActionRequestType9:
    """Buyer: the return parcel's tracking number.

    Attributes:
        tracking (str):
        type_ (TicketActionRequestType9Type):
    """

    tracking: str
    type_: TicketActionRequestType9Type

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

        type_ = TicketActionRequestType9Type(d.pop("type"))

        ticket_action_request_type_9 = cls(
            tracking=tracking,
            type_=type_,
        )

        return ticket_action_request_type_9
