from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookDisputeVerdictData")


@_attrs_define
class WebhookDisputeVerdictData:
    """
    Attributes:
        currency (None | str): Its currency; null for none
        merchant_id (str): The merchant
        order_id (str): The order
        outcome (str): full_refund, partial_refund or no_refund
        refund_minor (int | None): The refund ordered; null for none
        responsibility (str): merchant, buyer, both or none
        ticket_id (str): The ticket
    """

    currency: None | str
    merchant_id: str
    order_id: str
    outcome: str
    refund_minor: int | None
    responsibility: str
    ticket_id: str

    def to_dict(self) -> dict[str, Any]:
        currency: None | str
        currency = self.currency

        merchant_id = self.merchant_id

        order_id = self.order_id

        outcome = self.outcome

        refund_minor: int | None
        refund_minor = self.refund_minor

        responsibility = self.responsibility

        ticket_id = self.ticket_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "currency": currency,
                "merchant_id": merchant_id,
                "order_id": order_id,
                "outcome": outcome,
                "refund_minor": refund_minor,
                "responsibility": responsibility,
                "ticket_id": ticket_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_currency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        currency = _parse_currency(d.pop("currency"))

        merchant_id = d.pop("merchant_id")

        order_id = d.pop("order_id")

        outcome = d.pop("outcome")

        def _parse_refund_minor(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        refund_minor = _parse_refund_minor(d.pop("refund_minor"))

        responsibility = d.pop("responsibility")

        ticket_id = d.pop("ticket_id")

        webhook_dispute_verdict_data = cls(
            currency=currency,
            merchant_id=merchant_id,
            order_id=order_id,
            outcome=outcome,
            refund_minor=refund_minor,
            responsibility=responsibility,
            ticket_id=ticket_id,
        )

        return webhook_dispute_verdict_data
