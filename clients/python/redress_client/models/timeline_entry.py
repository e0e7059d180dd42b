from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.actor_dto import ActorDto


T = TypeVar("T", bound="TimelineEntry")


@_attrs_define
class TimelineEntry:
    """One fact from the event log.

    Attributes:
        actor (ActorDto): Who did something.
        at (str):
        event (str): The event's stable name, e.g. `opened`, `approved`, `parcel_updated`.
    """

    actor: ActorDto
    at: str
    event: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actor = self.actor.to_dict()

        at = self.at

        event = self.event

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actor": actor,
                "at": at,
                "event": event,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.actor_dto import ActorDto  # noqa: PLC0415

        d = dict(src_dict)
        actor = ActorDto.from_dict(d.pop("actor"))

        at = d.pop("at")

        event = d.pop("event")

        timeline_entry = cls(
            actor=actor,
            at=at,
            event=event,
        )

        timeline_entry.additional_properties = d
        return timeline_entry

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
