from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.ticket_action_request_type_13_type import TicketActionRequestType13Type

T = TypeVar("T", bound="TicketActionRequestType13")


@_attrs_define
class TicketActionRequestType13:
    """Merchant: the replacement's tracking number.

    Attributes:
        tracking (str):
        type_ (TicketActionRequestType13Type):
    """

    tracking: str
    type_: TicketActionRequestType13Type

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

        type_ = TicketActionRequestType13Type(d.pop("type"))

        ticket_action_request_type_13 = cls(
            tracking=tracking,
            type_=type_,
        )

        return ticket_action_request_type_13
