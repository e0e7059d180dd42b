from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.ticket_action_request_type_8_type import TicketActionRequestType8Type

T = TypeVar("T", bound="TicketActionRequestType8")


@_attrs_define
class TicketActionRequestType8:
    """Buyer: withdraw the request (撤销).

    Attributes:
        type_ (TicketActionRequestType8Type):
    """

    type_: TicketActionRequestType8Type

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
        type_ = TicketActionRequestType8Type(d.pop("type"))

        ticket_action_request_type_8 = cls(
            type_=type_,
        )

        return ticket_action_request_type_8
