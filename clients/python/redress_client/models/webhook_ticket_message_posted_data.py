from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookTicketMessagePostedData")


@_attrs_define
class WebhookTicketMessagePostedData:
    """
    Attributes:
        author_role (str): buyer, merchant, arbitrator or operator
        merchant_id (str): The merchant
        order_id (str): The order
        text (str): The message
        ticket_id (str): The ticket
    """

    author_role: str
    merchant_id: str
    order_id: str
    text: str
    ticket_id: str

    def to_dict(self) -> dict[str, Any]:
        author_role = self.author_role

        merchant_id = self.merchant_id

        order_id = self.order_id

        text = self.text

        ticket_id = self.ticket_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "author_role": author_role,
                "merchant_id": merchant_id,
                "order_id": order_id,
                "text": text,
                "ticket_id": ticket_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        author_role = d.pop("author_role")

        merchant_id = d.pop("merchant_id")

        order_id = d.pop("order_id")

        text = d.pop("text")

        ticket_id = d.pop("ticket_id")

        webhook_ticket_message_posted_data = cls(
            author_role=author_role,
            merchant_id=merchant_id,
            order_id=order_id,
            text=text,
            ticket_id=ticket_id,
        )

        return webhook_ticket_message_posted_data
