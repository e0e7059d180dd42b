from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookTicketAutoApprovedData")


@_attrs_define
class WebhookTicketAutoApprovedData:
    """
    Attributes:
        merchant_id (str): The merchant
        next_ (str): Where the approval leads
        order_id (str): The order
        rule (str): The rule's code
        ticket_id (str): The ticket
    """

    merchant_id: str
    next_: str
    order_id: str
    rule: str
    ticket_id: str

    def to_dict(self) -> dict[str, Any]:
        merchant_id = self.merchant_id

        next_ = self.next_

        order_id = self.order_id

        rule = self.rule

        ticket_id = self.ticket_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "merchant_id": merchant_id,
                "next": next_,
                "order_id": order_id,
                "rule": rule,
                "ticket_id": ticket_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        merchant_id = d.pop("merchant_id")

        next_ = d.pop("next")

        order_id = d.pop("order_id")

        rule = d.pop("rule")

        ticket_id = d.pop("ticket_id")

        webhook_ticket_auto_approved_data = cls(
            merchant_id=merchant_id,
            next_=next_,
            order_id=order_id,
            rule=rule,
            ticket_id=ticket_id,
        )

        return webhook_ticket_auto_approved_data
