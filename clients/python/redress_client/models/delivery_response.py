from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.attempt_response import AttemptResponse


T = TypeVar("T", bound="DeliveryResponse")


@_attrs_define
class DeliveryResponse:
    """One message for one subscription, with its attempts.

    Attributes:
        attempts (int):
        created_at (str):
        event_type (str):
        id (str):
        log (list[AttemptResponse]):
        merchant_id (str):
        message_id (str): The `webhook-id` header: the same on every attempt.
        state (str): `pending`, `delivered` or `dead`.
        webhook_id (str):
        next_attempt_at (None | str | Unset): When a pending delivery is next tried.
    """

    attempts: int
    created_at: str
    event_type: str
    id: str
    log: list[AttemptResponse]
    merchant_id: str
    message_id: str
    state: str
    webhook_id: str
    next_attempt_at: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attempts = self.attempts

        created_at = self.created_at

        event_type = self.event_type

        id = self.id

        log = []
        for log_item_data in self.log:
            log_item = log_item_data.to_dict()
            log.append(log_item)

        merchant_id = self.merchant_id

        message_id = self.message_id

        state = self.state

        webhook_id = self.webhook_id

        next_attempt_at: None | str | Unset
        if isinstance(self.next_attempt_at, Unset):
            next_attempt_at = UNSET
        else:
            next_attempt_at = self.next_attempt_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempts": attempts,
                "created_at": created_at,
                "event_type": event_type,
                "id": id,
                "log": log,
                "merchant_id": merchant_id,
                "message_id": message_id,
                "state": state,
                "webhook_id": webhook_id,
            }
        )
        if next_attempt_at is not UNSET:
            field_dict["next_attempt_at"] = next_attempt_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attempt_response import AttemptResponse  # noqa: PLC0415

        d = dict(src_dict)
        attempts = d.pop("attempts")

        created_at = d.pop("created_at")

        event_type = d.pop("event_type")

        id = d.pop("id")

        log = []
        _log = d.pop("log")
        for log_item_data in _log:
            log_item = AttemptResponse.from_dict(log_item_data)

            log.append(log_item)

        merchant_id = d.pop("merchant_id")

        message_id = d.pop("message_id")

        state = d.pop("state")

        webhook_id = d.pop("webhook_id")

        def _parse_next_attempt_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at", UNSET))

        delivery_response = cls(
            attempts=attempts,
            created_at=created_at,
            event_type=event_type,
            id=id,
            log=log,
            merchant_id=merchant_id,
            message_id=message_id,
            state=state,
            webhook_id=webhook_id,
            next_attempt_at=next_attempt_at,
        )

        delivery_response.additional_properties = d
        return delivery_response

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
