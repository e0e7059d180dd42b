from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.ticket_action_request_type_12_type import TicketActionRequestType12Type

T = TypeVar("T", bound="TicketActionRequestType12")


@_attrs_define
class TicketActionRequestType12:
    """Merchant: the return arrived and is accepted; the refund follows.

    Attributes:
        type_ (TicketActionRequestType12Type):
    """

    type_: TicketActionRequestType12Type

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
        type_ = TicketActionRequestType12Type(d.pop("type"))

        ticket_action_request_type_12 = cls(
            type_=type_,
        )

        return ticket_action_request_type_12
