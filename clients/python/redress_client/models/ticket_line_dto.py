from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TicketLineDto")


@_attrs_define
class TicketLineDto:
    """A line and how many of its units a ticket asks about.

    Attributes:
        item_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ . :, starting with a letter
            or digit, never `..`
        quantity (int | None | Unset): At least 1, at most the units still open on the line; left out: all of them.
    """

    item_id: str
    quantity: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        item_id = self.item_id

        quantity: int | None | Unset
        if isinstance(self.quantity, Unset):
            quantity = UNSET
        else:
            quantity = self.quantity

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "item_id": item_id,
            }
        )
        if quantity is not UNSET:
            field_dict["quantity"] = quantity

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        item_id = d.pop("item_id")

        def _parse_quantity(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        quantity = _parse_quantity(d.pop("quantity", UNSET))

        ticket_line_dto = cls(
            item_id=item_id,
            quantity=quantity,
        )

        return ticket_line_dto
