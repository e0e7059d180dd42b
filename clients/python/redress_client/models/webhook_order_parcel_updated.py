from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_order_parcel_updated_type import WebhookOrderParcelUpdatedType

if TYPE_CHECKING:
    from ..models.webhook_order_parcel_updated_data import WebhookOrderParcelUpdatedData


T = TypeVar("T", bound="WebhookOrderParcelUpdated")


@_attrs_define
class WebhookOrderParcelUpdated:
    """Logistics about one outbound parcel

    Attributes:
        data (WebhookOrderParcelUpdatedData):
        timestamp (datetime.datetime): When the event happened
        type_ (WebhookOrderParcelUpdatedType):
    """

    data: WebhookOrderParcelUpdatedData
    timestamp: datetime.datetime
    type_: WebhookOrderParcelUpdatedType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        timestamp = self.timestamp.isoformat()

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "timestamp": timestamp,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_order_parcel_updated_data import WebhookOrderParcelUpdatedData  # noqa: PLC0415

        d = dict(src_dict)
        data = WebhookOrderParcelUpdatedData.from_dict(d.pop("data"))

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        type_ = WebhookOrderParcelUpdatedType(d.pop("type"))

        webhook_order_parcel_updated = cls(
            data=data,
            timestamp=timestamp,
            type_=type_,
        )

        webhook_order_parcel_updated.additional_properties = d
        return webhook_order_parcel_updated

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
