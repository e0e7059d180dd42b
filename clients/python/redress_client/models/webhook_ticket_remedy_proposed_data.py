from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookTicketRemedyProposedData")


@_attrs_define
class WebhookTicketRemedyProposedData:
    """
    Attributes:
        amount_minor (int | None): The compensation offered; null for other remedies
        currency (None | str): Its currency; null for other remedies
        merchant_id (str): The merchant
        note (str): The merchant's note
        order_id (str): The order
        remedy (str): exchange, repair, reship or partial_compensation
        ticket_id (str): The ticket
    """

    amount_minor: int | None
    currency: None | str
    merchant_id: str
    note: str
    order_id: str
    remedy: str
    ticket_id: str

    def to_dict(self) -> dict[str, Any]:
        amount_minor: int | None
        amount_minor = self.amount_minor

        currency: None | str
        currency = self.currency

        merchant_id = self.merchant_id

        note = self.note

        order_id = self.order_id

        remedy = self.remedy

        ticket_id = self.ticket_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount_minor": amount_minor,
                "currency": currency,
                "merchant_id": merchant_id,
                "note": note,
                "order_id": order_id,
                "remedy": remedy,
                "ticket_id": ticket_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_amount_minor(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        amount_minor = _parse_amount_minor(d.pop("amount_minor"))

        def _parse_currency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        currency = _parse_currency(d.pop("currency"))

        merchant_id = d.pop("merchant_id")

        note = d.pop("note")

        order_id = d.pop("order_id")

        remedy = d.pop("remedy")

        ticket_id = d.pop("ticket_id")

        webhook_ticket_remedy_proposed_data = cls(
            amount_minor=amount_minor,
            currency=currency,
            merchant_id=merchant_id,
            note=note,
            order_id=order_id,
            remedy=remedy,
            ticket_id=ticket_id,
        )

        return webhook_ticket_remedy_proposed_data
