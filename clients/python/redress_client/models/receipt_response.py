from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ReceiptResponse")


@_attrs_define
class ReceiptResponse:
    """Proof that a command was committed.

    Attributes:
        events (list[str]): The events recorded, in order, e.g. `["opened", "approved"]`.
        replayed (bool): True when this answers a retry with the same `Idempotency-Key`: nothing new happened.
        stream (str): The stream the events went to, e.g. `order:O-1`.
        stream_version (int): The stream's version after the command (an order stream holds all its tickets).
        version (int): The version of what the command addressed, after it: for a ticket's commands
            (opening it, acting on it, a refund result) the ticket's own version, which is its
            `ETag` and what `If-Match` takes; for other commands the stream's version.
    """

    events: list[str]
    replayed: bool
    stream: str
    stream_version: int
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        events = self.events

        replayed = self.replayed

        stream = self.stream

        stream_version = self.stream_version

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "events": events,
                "replayed": replayed,
                "stream": stream,
                "stream_version": stream_version,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        events = cast(list[str], d.pop("events"))

        replayed = d.pop("replayed")

        stream = d.pop("stream")

        stream_version = d.pop("stream_version")

        version = d.pop("version")

        receipt_response = cls(
            events=events,
            replayed=replayed,
            stream=stream,
            stream_version=stream_version,
            version=version,
        )

        receipt_response.additional_properties = d
        return receipt_response

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
