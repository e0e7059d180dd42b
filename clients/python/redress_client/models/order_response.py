from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.fulfilment_stage_dto import FulfilmentStageDto
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.money_dto import MoneyDto
    from ..models.order_item_dto import OrderItemDto
    from ..models.parcel_dto import ParcelDto
    from ..models.parcel_line_dto import ParcelLineDto


T = TypeVar("T", bound="OrderResponse")


@_attrs_define
class OrderResponse:
    """What the order looks like now.

    Attributes:
        buyer_id (str):
        freight_insurance (bool): Freight insurance (运费险) bought with the order.
        fulfilment (FulfilmentStageDto): The outbound parcel's coarse stage.
        id (str):
        items (list[OrderItemDto]):
        merchant_id (str):
        paid (MoneyDto): Money in integer minor units (fen for CNY) with its ISO 4217 currency.
        paid_at (str):
        parcels (list[ParcelDto]): The outbound parcels, in the order their tracking was entered.
        refunded (MoneyDto): Money in integer minor units (fen for CNY) with its ISO 4217 currency.
        shipping_fee (MoneyDto): Money in integer minor units (fen for CNY) with its ISO 4217 currency.
        ticket_ids (list[str]):
        unshipped (list[ParcelLineDto]): Units in no parcel: unshipped as the system shows it.
        version (int):
        tracking (None | str | Unset): The tracking number of the parcel the order's stage comes from.
    """

    buyer_id: str
    freight_insurance: bool
    fulfilment: FulfilmentStageDto
    id: str
    items: list[OrderItemDto]
    merchant_id: str
    paid: MoneyDto
    paid_at: str
    parcels: list[ParcelDto]
    refunded: MoneyDto
    shipping_fee: MoneyDto
    ticket_ids: list[str]
    unshipped: list[ParcelLineDto]
    version: int
    tracking: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        buyer_id = self.buyer_id

        freight_insurance = self.freight_insurance

        fulfilment = self.fulfilment.value

        id = self.id

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        merchant_id = self.merchant_id

        paid = self.paid.to_dict()

        paid_at = self.paid_at

        parcels = []
        for parcels_item_data in self.parcels:
            parcels_item = parcels_item_data.to_dict()
            parcels.append(parcels_item)

        refunded = self.refunded.to_dict()

        shipping_fee = self.shipping_fee.to_dict()

        ticket_ids = self.ticket_ids

        unshipped = []
        for unshipped_item_data in self.unshipped:
            unshipped_item = unshipped_item_data.to_dict()
            unshipped.append(unshipped_item)

        version = self.version

        tracking: None | str | Unset
        if isinstance(self.tracking, Unset):
            tracking = UNSET
        else:
            tracking = self.tracking

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "buyer_id": buyer_id,
                "freight_insurance": freight_insurance,
                "fulfilment": fulfilment,
                "id": id,
                "items": items,
                "merchant_id": merchant_id,
                "paid": paid,
                "paid_at": paid_at,
                "parcels": parcels,
                "refunded": refunded,
                "shipping_fee": shipping_fee,
                "ticket_ids": ticket_ids,
                "unshipped": unshipped,
                "version": version,
            }
        )
        if tracking is not UNSET:
            field_dict["tracking"] = tracking

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_dto import MoneyDto  # noqa: PLC0415
        from ..models.order_item_dto import OrderItemDto  # noqa: PLC0415
        from ..models.parcel_dto import ParcelDto  # noqa: PLC0415
        from ..models.parcel_line_dto import ParcelLineDto  # noqa: PLC0415

        d = dict(src_dict)
        buyer_id = d.pop("buyer_id")

        freight_insurance = d.pop("freight_insurance")

        fulfilment = FulfilmentStageDto(d.pop("fulfilment"))

        id = d.pop("id")

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = OrderItemDto.from_dict(items_item_data)

            items.append(items_item)

        merchant_id = d.pop("merchant_id")

        paid = MoneyDto.from_dict(d.pop("paid"))

        paid_at = d.pop("paid_at")

        parcels = []
        _parcels = d.pop("parcels")
        for parcels_item_data in _parcels:
            parcels_item = ParcelDto.from_dict(parcels_item_data)

            parcels.append(parcels_item)

        refunded = MoneyDto.from_dict(d.pop("refunded"))

        shipping_fee = MoneyDto.from_dict(d.pop("shipping_fee"))

        ticket_ids = cast(list[str], d.pop("ticket_ids"))

        unshipped = []
        _unshipped = d.pop("unshipped")
        for unshipped_item_data in _unshipped:
            unshipped_item = ParcelLineDto.from_dict(unshipped_item_data)

            unshipped.append(unshipped_item)

        version = d.pop("version")

        def _parse_tracking(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tracking = _parse_tracking(d.pop("tracking", UNSET))

        order_response = cls(
            buyer_id=buyer_id,
            freight_insurance=freight_insurance,
            fulfilment=fulfilment,
            id=id,
            items=items,
            merchant_id=merchant_id,
            paid=paid,
            paid_at=paid_at,
            parcels=parcels,
            refunded=refunded,
            shipping_fee=shipping_fee,
            ticket_ids=ticket_ids,
            unshipped=unshipped,
            version=version,
            tracking=tracking,
        )

        order_response.additional_properties = d
        return order_response

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
