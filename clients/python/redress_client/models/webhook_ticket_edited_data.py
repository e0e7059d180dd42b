from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.webhook_ticket_edited_data_lines_item import WebhookTicketEditedDataLinesItem


T = TypeVar("T", bound="WebhookTicketEditedData")


@_attrs_define
class WebhookTicketEditedData:
    """
    Attributes:
        amount_minor (int): Integer minor units (分 for CNY)
        currency (str): ISO 4217 code
        due_at (datetime.datetime): When the next deadline falls due
        kind (str): The new kind
        lines (list[WebhookTicketEditedDataLinesItem]): The lines asked about: item_id, quantity (units) and
            amount_minor (the line's share of the amount)
        merchant_id (str): The merchant
        order_id (str): The order
        reason (str): The new reason code
        return_shipping (None | str): Who bears the return parcel's cost: merchant, buyer or freight_insurance; null
            when no goods go back
        shipping_fee_minor (int): The part of the amount that is the order's shipping fee (a refund of everything
            unshipped); 0 otherwise
        ticket_id (str): The ticket
    """

    amount_minor: int
    currency: str
    due_at: datetime.datetime
    kind: str
    lines: list[WebhookTicketEditedDataLinesItem]
    merchant_id: str
    order_id: str
    reason: str
    return_shipping: None | str
    shipping_fee_minor: int
    ticket_id: str

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        currency = self.currency

        due_at = self.due_at.isoformat()

        kind = self.kind

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        merchant_id = self.merchant_id

        order_id = self.order_id

        reason = self.reason

        return_shipping: None | str
        return_shipping = self.return_shipping

        shipping_fee_minor = self.shipping_fee_minor

        ticket_id = self.ticket_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount_minor": amount_minor,
                "currency": currency,
                "due_at": due_at,
                "kind": kind,
                "lines": lines,
                "merchant_id": merchant_id,
                "order_id": order_id,
                "reason": reason,
                "return_shipping": return_shipping,
                "shipping_fee_minor": shipping_fee_minor,
                "ticket_id": ticket_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_ticket_edited_data_lines_item import WebhookTicketEditedDataLinesItem  # noqa: PLC0415

        d = dict(src_dict)
        amount_minor = d.pop("amount_minor")

        currency = d.pop("currency")

        due_at = datetime.datetime.fromisoformat(d.pop("due_at"))

        kind = d.pop("kind")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = WebhookTicketEditedDataLinesItem.from_dict(lines_item_data)

            lines.append(lines_item)

        merchant_id = d.pop("merchant_id")

        order_id = d.pop("order_id")

        reason = d.pop("reason")

        def _parse_return_shipping(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        return_shipping = _parse_return_shipping(d.pop("return_shipping"))

        shipping_fee_minor = d.pop("shipping_fee_minor")

        ticket_id = d.pop("ticket_id")

        webhook_ticket_edited_data = cls(
            amount_minor=amount_minor,
            currency=currency,
            due_at=due_at,
            kind=kind,
            lines=lines,
            merchant_id=merchant_id,
            order_id=order_id,
            reason=reason,
            return_shipping=return_shipping,
            shipping_fee_minor=shipping_fee_minor,
            ticket_id=ticket_id,
        )

        return webhook_ticket_edited_data
