from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.logistics_request_type_8_event import LogisticsRequestType8Event

T = TypeVar("T", bound="LogisticsRequestType8")


@_attrs_define
class LogisticsRequestType8:
    """The replacement (exchange, repair, reship) reached the buyer.

    Attributes:
        event (LogisticsRequestType8Event):
        ticket_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ . :, starting with a
            letter or digit, never `..`
    """

    event: LogisticsRequestType8Event
    ticket_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event = self.event.value

        ticket_id = self.ticket_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "event": event,
                "ticket_id": ticket_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event = LogisticsRequestType8Event(d.pop("event"))

        ticket_id = d.pop("ticket_id")

        logistics_request_type_8 = cls(
            event=event,
            ticket_id=ticket_id,
        )

        logistics_request_type_8.additional_properties = d
        return logistics_request_type_8

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
