from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.ticket_action_request_type_1_type import TicketActionRequestType1Type

T = TypeVar("T", bound="TicketActionRequestType1")


@_attrs_define
class TicketActionRequestType1:
    """Merchant: refund once the shipped parcel is refused or returned (同意拒收后退款).

    Attributes:
        type_ (TicketActionRequestType1Type):
    """

    type_: TicketActionRequestType1Type

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
        type_ = TicketActionRequestType1Type(d.pop("type"))

        ticket_action_request_type_1 = cls(
            type_=type_,
        )

        return ticket_action_request_type_1
