from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookTicketReturnAcceptedData")


@_attrs_define
class WebhookTicketReturnAcceptedData:
    """
    Attributes:
        approval (str): merchant, overdue or automatic
        merchant_id (str): The merchant
        next_ (str): Where it leads
        order_id (str): The order
        ticket_id (str): The ticket
    """

    approval: str
    merchant_id: str
    next_: str
    order_id: str
    ticket_id: str

    def to_dict(self) -> dict[str, Any]:
        approval = self.approval

        merchant_id = self.merchant_id

        next_ = self.next_

        order_id = self.order_id

        ticket_id = self.ticket_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "approval": approval,
                "merchant_id": merchant_id,
                "next": next_,
                "order_id": order_id,
                "ticket_id": ticket_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        approval = d.pop("approval")

        merchant_id = d.pop("merchant_id")

        next_ = d.pop("next")

        order_id = d.pop("order_id")

        ticket_id = d.pop("ticket_id")

        webhook_ticket_return_accepted_data = cls(
            approval=approval,
            merchant_id=merchant_id,
            next_=next_,
            order_id=order_id,
            ticket_id=ticket_id,
        )

        return webhook_ticket_return_accepted_data
