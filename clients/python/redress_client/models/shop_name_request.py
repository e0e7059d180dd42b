from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ShopNameRequest")


@_attrs_define
class ShopNameRequest:
    """The shop's display name.

    Attributes:
        name (str): One line of at most 60 characters once trimmed, not blank; no control characters.
    """

    name: str

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        shop_name_request = cls(
            name=name,
        )

        return shop_name_request
