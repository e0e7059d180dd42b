from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.ticket_action_request_type_12_type import TicketActionRequestType12Type

T = TypeVar("T", bound="TicketActionRequestType12")


@_attrs_define
class TicketActionRequestType12:
    """Merchant: the replacement's tracking number.

    Attributes:
        tracking (str):
        type_ (TicketActionRequestType12Type):
    """

    tracking: str
    type_: TicketActionRequestType12Type
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        tracking = self.tracking

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
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

        type_ = TicketActionRequestType12Type(d.pop("type"))

        ticket_action_request_type_12 = cls(
            tracking=tracking,
            type_=type_,
        )

        ticket_action_request_type_12.additional_properties = d
        return ticket_action_request_type_12

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
