from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.logistics_request_type_7_type import LogisticsRequestType7Type

T = TypeVar("T", bound="LogisticsRequestType7")


@_attrs_define
class LogisticsRequestType7:
    """The merchant signed for the return parcel.

    Attributes:
        ticket_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ . :, starting with a
            letter or digit, never `..`
        type_ (LogisticsRequestType7Type):
    """

    ticket_id: str
    type_: LogisticsRequestType7Type
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ticket_id = self.ticket_id

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ticket_id": ticket_id,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ticket_id = d.pop("ticket_id")

        type_ = LogisticsRequestType7Type(d.pop("type"))

        logistics_request_type_7 = cls(
            ticket_id=ticket_id,
            type_=type_,
        )

        logistics_request_type_7.additional_properties = d
        return logistics_request_type_7

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
