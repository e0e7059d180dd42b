from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.create_webhook_request_event_types_item import CreateWebhookRequestEventTypesItem
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateWebhookRequest")


@_attrs_define
class CreateWebhookRequest:
    """A new subscription.

    Attributes:
        event_types (list[CreateWebhookRequestEventTypesItem]): At least one event type (the `webhooks` section of this
            document lists them), a
            family of them (`ticket.*`, `refund.*`, …) or `*` for every type.
        url (str): Where deliveries are POSTed: an absolute `http` URL (see docs/API.md on TLS).
        merchant_id (None | str | Unset): Operators only: subscribe for this merchant's events; left out, for every
            merchant's.
            A merchant's key may leave it out or give its own.
    """

    event_types: list[CreateWebhookRequestEventTypesItem]
    url: str
    merchant_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        event_types = []
        for event_types_item_data in self.event_types:
            event_types_item = event_types_item_data.value
            event_types.append(event_types_item)

        url = self.url

        merchant_id: None | str | Unset
        if isinstance(self.merchant_id, Unset):
            merchant_id = UNSET
        else:
            merchant_id = self.merchant_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "event_types": event_types,
                "url": url,
            }
        )
        if merchant_id is not UNSET:
            field_dict["merchant_id"] = merchant_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event_types = []
        _event_types = d.pop("event_types")
        for event_types_item_data in _event_types:
            event_types_item = CreateWebhookRequestEventTypesItem(event_types_item_data)

            event_types.append(event_types_item)

        url = d.pop("url")

        def _parse_merchant_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        merchant_id = _parse_merchant_id(d.pop("merchant_id", UNSET))

        create_webhook_request = cls(
            event_types=event_types,
            url=url,
            merchant_id=merchant_id,
        )

        return create_webhook_request
