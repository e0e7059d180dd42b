from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.responsibility_dto import ResponsibilityDto
from ..models.ticket_action_request_type_17_type import TicketActionRequestType17Type

T = TypeVar("T", bound="TicketActionRequestType17")


@_attrs_define
class TicketActionRequestType17:
    """Arbitrator or operator: re-check a dispute the merchant settled.

    Attributes:
        responsibility (ResponsibilityDto): Who the arbitrator holds responsible.
        type_ (TicketActionRequestType17Type):
    """

    responsibility: ResponsibilityDto
    type_: TicketActionRequestType17Type

    def to_dict(self) -> dict[str, Any]:
        responsibility = self.responsibility.value

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "responsibility": responsibility,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        responsibility = ResponsibilityDto(d.pop("responsibility"))

        type_ = TicketActionRequestType17Type(d.pop("type"))

        ticket_action_request_type_17 = cls(
            responsibility=responsibility,
            type_=type_,
        )

        return ticket_action_request_type_17
