from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PostMessageRequest")


@_attrs_define
class PostMessageRequest:
    """A new message on a ticket's thread.

    Attributes:
        text (str): 1 to 1000 characters; line breaks and tabs allowed, other control characters not.
    """

    text: str

    def to_dict(self) -> dict[str, Any]:
        text = self.text

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "text": text,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        text = d.pop("text")

        post_message_request = cls(
            text=text,
        )

        return post_message_request
