from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.money_dto import MoneyDto


T = TypeVar("T", bound="TicketLineView")


@_attrs_define
class TicketLineView:
    """A line a ticket holds (issue 18).

    Attributes:
        amount (MoneyDto): Money in integer minor units (fen for CNY) with its ISO 4217 currency.
        item_id (str):
        quantity (int):
        refunded (MoneyDto): Money in integer minor units (fen for CNY) with its ISO 4217 currency.
    """

    amount: MoneyDto
    item_id: str
    quantity: int
    refunded: MoneyDto
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount.to_dict()

        item_id = self.item_id

        quantity = self.quantity

        refunded = self.refunded.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "item_id": item_id,
                "quantity": quantity,
                "refunded": refunded,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_dto import MoneyDto  # noqa: PLC0415

        d = dict(src_dict)
        amount = MoneyDto.from_dict(d.pop("amount"))

        item_id = d.pop("item_id")

        quantity = d.pop("quantity")

        refunded = MoneyDto.from_dict(d.pop("refunded"))

        ticket_line_view = cls(
            amount=amount,
            item_id=item_id,
            quantity=quantity,
            refunded=refunded,
        )

        ticket_line_view.additional_properties = d
        return ticket_line_view

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
