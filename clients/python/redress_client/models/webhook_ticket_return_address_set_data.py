from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookTicketReturnAddressSetData")


@_attrs_define
class WebhookTicketReturnAddressSetData:
    """
    Attributes:
        address (str): The address
        merchant_id (str): The merchant
        order_id (str): The order
        ticket_id (str): The ticket
    """

    address: str
    merchant_id: str
    order_id: str
    ticket_id: str

    def to_dict(self) -> dict[str, Any]:
        address = self.address

        merchant_id = self.merchant_id

        order_id = self.order_id

        ticket_id = self.ticket_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "address": address,
                "merchant_id": merchant_id,
                "order_id": order_id,
                "ticket_id": ticket_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        address = d.pop("address")

        merchant_id = d.pop("merchant_id")

        order_id = d.pop("order_id")

        ticket_id = d.pop("ticket_id")

        webhook_ticket_return_address_set_data = cls(
            address=address,
            merchant_id=merchant_id,
            order_id=order_id,
            ticket_id=ticket_id,
        )

        return webhook_ticket_return_address_set_data
