from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.actor_dto import ActorDto


T = TypeVar("T", bound="MessageDto")


@_attrs_define
class MessageDto:
    """One message of the thread.

    Attributes:
        at (str):
        author (ActorDto): Who did something.
        number (int): Its place in the thread, from 1.
        text (str):
    """

    at: str
    author: ActorDto
    number: int
    text: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        at = self.at

        author = self.author.to_dict()

        number = self.number

        text = self.text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "at": at,
                "author": author,
                "number": number,
                "text": text,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.actor_dto import ActorDto  # noqa: PLC0415

        d = dict(src_dict)
        at = d.pop("at")

        author = ActorDto.from_dict(d.pop("author"))

        number = d.pop("number")

        text = d.pop("text")

        message_dto = cls(
            at=at,
            author=author,
            number=number,
            text=text,
        )

        message_dto.additional_properties = d
        return message_dto

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
