from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.money_dto import MoneyDto


T = TypeVar("T", bound="OrderItemDto")


@_attrs_define
class OrderItemDto:
    """One line of an order.

    Attributes:
        amount (MoneyDto): Money in integer minor units (fen for CNY) with its ISO 4217 currency.
        category (str):
        id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ . :, starting with a letter or
            digit, never `..`
        product_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ . :, starting with a
            letter or digit, never `..`
        quantity (int):
        custom (bool | Unset): Made to order: no platform fast refund.
        seven_day_return (bool | Unset): Eligible for seven-day no-reason returns (七天无理由).
        virtual_goods (bool | Unset): Virtual goods: no platform fast refund.
    """

    amount: MoneyDto
    category: str
    id: str
    product_id: str
    quantity: int
    custom: bool | Unset = UNSET
    seven_day_return: bool | Unset = UNSET
    virtual_goods: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount.to_dict()

        category = self.category

        id = self.id

        product_id = self.product_id

        quantity = self.quantity

        custom = self.custom

        seven_day_return = self.seven_day_return

        virtual_goods = self.virtual_goods

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "category": category,
                "id": id,
                "product_id": product_id,
                "quantity": quantity,
            }
        )
        if custom is not UNSET:
            field_dict["custom"] = custom
        if seven_day_return is not UNSET:
            field_dict["seven_day_return"] = seven_day_return
        if virtual_goods is not UNSET:
            field_dict["virtual_goods"] = virtual_goods

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_dto import MoneyDto  # noqa: PLC0415

        d = dict(src_dict)
        amount = MoneyDto.from_dict(d.pop("amount"))

        category = d.pop("category")

        id = d.pop("id")

        product_id = d.pop("product_id")

        quantity = d.pop("quantity")

        custom = d.pop("custom", UNSET)

        seven_day_return = d.pop("seven_day_return", UNSET)

        virtual_goods = d.pop("virtual_goods", UNSET)

        order_item_dto = cls(
            amount=amount,
            category=category,
            id=id,
            product_id=product_id,
            quantity=quantity,
            custom=custom,
            seven_day_return=seven_day_return,
            virtual_goods=virtual_goods,
        )

        return order_item_dto
