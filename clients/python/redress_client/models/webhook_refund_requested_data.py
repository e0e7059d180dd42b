from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookRefundRequestedData")


@_attrs_define
class WebhookRefundRequestedData:
    """
    Attributes:
        amount_minor (int): Integer minor units (分 for CNY)
        attempt (int): 1, then one more per retry after a failure
        buyer_id (str): Who is paid
        currency (str): ISO 4217 code
        idempotency_key (str): Pass to the payment call: the same on every delivery of this request
        merchant_id (str): The merchant
        order_id (str): The order
        ticket_id (str): The ticket
    """

    amount_minor: int
    attempt: int
    buyer_id: str
    currency: str
    idempotency_key: str
    merchant_id: str
    order_id: str
    ticket_id: str

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        attempt = self.attempt

        buyer_id = self.buyer_id

        currency = self.currency

        idempotency_key = self.idempotency_key

        merchant_id = self.merchant_id

        order_id = self.order_id

        ticket_id = self.ticket_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount_minor": amount_minor,
                "attempt": attempt,
                "buyer_id": buyer_id,
                "currency": currency,
                "idempotency_key": idempotency_key,
                "merchant_id": merchant_id,
                "order_id": order_id,
                "ticket_id": ticket_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_minor = d.pop("amount_minor")

        attempt = d.pop("attempt")

        buyer_id = d.pop("buyer_id")

        currency = d.pop("currency")

        idempotency_key = d.pop("idempotency_key")

        merchant_id = d.pop("merchant_id")

        order_id = d.pop("order_id")

        ticket_id = d.pop("ticket_id")

        webhook_refund_requested_data = cls(
            amount_minor=amount_minor,
            attempt=attempt,
            buyer_id=buyer_id,
            currency=currency,
            idempotency_key=idempotency_key,
            merchant_id=merchant_id,
            order_id=order_id,
            ticket_id=ticket_id,
        )

        return webhook_refund_requested_data
