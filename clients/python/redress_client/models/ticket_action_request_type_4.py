from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.ticket_action_request_type_4_type import TicketActionRequestType4Type

T = TypeVar("T", bound="TicketActionRequestType4")


@_attrs_define
class TicketActionRequestType4:
    """Merchant: where this ticket's return goes, instead of the shop's return address.

    Attributes:
        address (str):
        type_ (TicketActionRequestType4Type):
    """

    address: str
    type_: TicketActionRequestType4Type

    def to_dict(self) -> dict[str, Any]:
        address = self.address

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "address": address,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        address = d.pop("address")

        type_ = TicketActionRequestType4Type(d.pop("type"))

        ticket_action_request_type_4 = cls(
            address=address,
            type_=type_,
        )

        return ticket_action_request_type_4
