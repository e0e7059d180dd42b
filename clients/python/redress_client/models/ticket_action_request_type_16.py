from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.responsibility_dto import ResponsibilityDto
from ..models.ticket_action_request_type_16_action import TicketActionRequestType16Action

T = TypeVar("T", bound="TicketActionRequestType16")


@_attrs_define
class TicketActionRequestType16:
    """Arbitrator or operator: re-check a dispute the merchant settled.

    Attributes:
        action (TicketActionRequestType16Action):
        responsibility (ResponsibilityDto): Who the arbitrator holds responsible.
    """

    action: TicketActionRequestType16Action
    responsibility: ResponsibilityDto
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        responsibility = self.responsibility.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "responsibility": responsibility,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = TicketActionRequestType16Action(d.pop("action"))

        responsibility = ResponsibilityDto(d.pop("responsibility"))

        ticket_action_request_type_16 = cls(
            action=action,
            responsibility=responsibility,
        )

        ticket_action_request_type_16.additional_properties = d
        return ticket_action_request_type_16

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
