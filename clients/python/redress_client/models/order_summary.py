from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.money_dto import MoneyDto


T = TypeVar("T", bound="OrderSummary")


@_attrs_define
class OrderSummary:
    """An order as the list shows it; `GET /v1/orders/{order_id}` has its items and tickets.

    Attributes:
        buyer_id (str):
        fulfilment (str): `unshipped`, `shipped`, `in_transit`, `delivered`, `refused`, `returned_to_sender` or
            `intercepted`.
        id (str):
        merchant_id (str):
        paid (MoneyDto): Money in integer minor units (fen for CNY) with its ISO 4217 currency.
        paid_at (str):
        refunded (MoneyDto): Money in integer minor units (fen for CNY) with its ISO 4217 currency.
        updated_at (str): When the last event on the order (or one of its tickets) happened.
        version (int): Events on the order's stream, its tickets' included.
    """

    buyer_id: str
    fulfilment: str
    id: str
    merchant_id: str
    paid: MoneyDto
    paid_at: str
    refunded: MoneyDto
    updated_at: str
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        buyer_id = self.buyer_id

        fulfilment = self.fulfilment

        id = self.id

        merchant_id = self.merchant_id

        paid = self.paid.to_dict()

        paid_at = self.paid_at

        refunded = self.refunded.to_dict()

        updated_at = self.updated_at

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "buyer_id": buyer_id,
                "fulfilment": fulfilment,
                "id": id,
                "merchant_id": merchant_id,
                "paid": paid,
                "paid_at": paid_at,
                "refunded": refunded,
                "updated_at": updated_at,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_dto import MoneyDto  # noqa: PLC0415

        d = dict(src_dict)
        buyer_id = d.pop("buyer_id")

        fulfilment = d.pop("fulfilment")

        id = d.pop("id")

        merchant_id = d.pop("merchant_id")

        paid = MoneyDto.from_dict(d.pop("paid"))

        paid_at = d.pop("paid_at")

        refunded = MoneyDto.from_dict(d.pop("refunded"))

        updated_at = d.pop("updated_at")

        version = d.pop("version")

        order_summary = cls(
            buyer_id=buyer_id,
            fulfilment=fulfilment,
            id=id,
            merchant_id=merchant_id,
            paid=paid,
            paid_at=paid_at,
            refunded=refunded,
            updated_at=updated_at,
            version=version,
        )

        order_summary.additional_properties = d
        return order_summary

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
