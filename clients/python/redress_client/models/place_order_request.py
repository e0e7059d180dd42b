from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.money_dto import MoneyDto
    from ..models.order_item_dto import OrderItemDto


T = TypeVar("T", bound="PlaceOrderRequest")


@_attrs_define
class PlaceOrderRequest:
    """An order as the order system reports it once paid.

    Attributes:
        buyer_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ . :, starting with a
            letter or digit, never `..`
        id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ . :, starting with a letter or
            digit, never `..`
        items (list[OrderItemDto]): 1 to 100 items, with distinct ids; their amounts are in `paid`'s currency and add up
            to `paid`.
        merchant_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ . :, starting with a
            letter or digit, never `..`
        paid (MoneyDto): Money in integer minor units (fen for CNY) with its ISO 4217 currency.
        paid_at (datetime.datetime): RFC 3339; not later than the server's clock (plus five minutes of clock skew).
            Example: 2026-11-02T08:00:00Z.
        creator_id (None | str | Unset):
        freight_insurance (bool | Unset): Whether the buyer bought freight insurance (运费险): it bears the return shipping
            of
            her own-reason returns (seven-day no-reason, don't want). Absent is false.
        shipping_fee (MoneyDto | None | Unset):
    """

    buyer_id: str
    id: str
    items: list[OrderItemDto]
    merchant_id: str
    paid: MoneyDto
    paid_at: datetime.datetime
    creator_id: None | str | Unset = UNSET
    freight_insurance: bool | Unset = UNSET
    shipping_fee: MoneyDto | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.money_dto import MoneyDto  # noqa: PLC0415

        buyer_id = self.buyer_id

        id = self.id

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        merchant_id = self.merchant_id

        paid = self.paid.to_dict()

        paid_at = self.paid_at.isoformat()

        creator_id: None | str | Unset
        if isinstance(self.creator_id, Unset):
            creator_id = UNSET
        else:
            creator_id = self.creator_id

        freight_insurance = self.freight_insurance

        shipping_fee: dict[str, Any] | None | Unset
        if isinstance(self.shipping_fee, Unset):
            shipping_fee = UNSET
        elif isinstance(self.shipping_fee, MoneyDto):
            shipping_fee = self.shipping_fee.to_dict()
        else:
            shipping_fee = self.shipping_fee

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "buyer_id": buyer_id,
                "id": id,
                "items": items,
                "merchant_id": merchant_id,
                "paid": paid,
                "paid_at": paid_at,
            }
        )
        if creator_id is not UNSET:
            field_dict["creator_id"] = creator_id
        if freight_insurance is not UNSET:
            field_dict["freight_insurance"] = freight_insurance
        if shipping_fee is not UNSET:
            field_dict["shipping_fee"] = shipping_fee

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_dto import MoneyDto  # noqa: PLC0415
        from ..models.order_item_dto import OrderItemDto  # noqa: PLC0415

        d = dict(src_dict)
        buyer_id = d.pop("buyer_id")

        id = d.pop("id")

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = OrderItemDto.from_dict(items_item_data)

            items.append(items_item)

        merchant_id = d.pop("merchant_id")

        paid = MoneyDto.from_dict(d.pop("paid"))

        paid_at = datetime.datetime.fromisoformat(d.pop("paid_at"))

        def _parse_creator_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        creator_id = _parse_creator_id(d.pop("creator_id", UNSET))

        freight_insurance = d.pop("freight_insurance", UNSET)

        def _parse_shipping_fee(data: object) -> MoneyDto | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                shipping_fee_type_0 = MoneyDto.from_dict(data)

                return shipping_fee_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MoneyDto | None | Unset, data)

        shipping_fee = _parse_shipping_fee(d.pop("shipping_fee", UNSET))

        place_order_request = cls(
            buyer_id=buyer_id,
            id=id,
            items=items,
            merchant_id=merchant_id,
            paid=paid,
            paid_at=paid_at,
            creator_id=creator_id,
            freight_insurance=freight_insurance,
            shipping_fee=shipping_fee,
        )

        return place_order_request
