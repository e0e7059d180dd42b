from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ReturnAddressRequest")


@_attrs_define
class ReturnAddressRequest:
    """The shop's return address; an empty one removes it.

    Attributes:
        address (str): At most 300 characters; line breaks allowed, other control characters not.
    """

    address: str

    def to_dict(self) -> dict[str, Any]:
        address = self.address

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "address": address,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        address = d.pop("address")

        return_address_request = cls(
            address=address,
        )

        return return_address_request
