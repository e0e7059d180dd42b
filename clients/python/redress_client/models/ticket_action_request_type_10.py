from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.ticket_action_request_type_10_type import TicketActionRequestType10Type

T = TypeVar("T", bound="TicketActionRequestType10")


@_attrs_define
class TicketActionRequestType10:
    """Buyer: withdraw the dispute; the ticket goes back to Rejected.

    Attributes:
        type_ (TicketActionRequestType10Type):
    """

    type_: TicketActionRequestType10Type
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = TicketActionRequestType10Type(d.pop("type"))

        ticket_action_request_type_10 = cls(
            type_=type_,
        )

        ticket_action_request_type_10.additional_properties = d
        return ticket_action_request_type_10

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
