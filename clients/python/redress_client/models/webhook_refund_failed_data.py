from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookRefundFailedData")


@_attrs_define
class WebhookRefundFailedData:
    """
    Attributes:
        attempt (int): The attempt that failed
        merchant_id (str): The merchant
        order_id (str): The order
        reason (str): The reported reason
        retry_at (datetime.datetime | None): When redress asks again; null when an operator must
        ticket_id (str): The ticket
    """

    attempt: int
    merchant_id: str
    order_id: str
    reason: str
    retry_at: datetime.datetime | None
    ticket_id: str

    def to_dict(self) -> dict[str, Any]:
        attempt = self.attempt

        merchant_id = self.merchant_id

        order_id = self.order_id

        reason = self.reason

        retry_at: None | str
        if isinstance(self.retry_at, datetime.datetime):
            retry_at = self.retry_at.isoformat()
        else:
            retry_at = self.retry_at

        ticket_id = self.ticket_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "attempt": attempt,
                "merchant_id": merchant_id,
                "order_id": order_id,
                "reason": reason,
                "retry_at": retry_at,
                "ticket_id": ticket_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attempt = d.pop("attempt")

        merchant_id = d.pop("merchant_id")

        order_id = d.pop("order_id")

        reason = d.pop("reason")

        def _parse_retry_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                retry_at_type_0 = datetime.datetime.fromisoformat(data)

                return retry_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        retry_at = _parse_retry_at(d.pop("retry_at"))

        ticket_id = d.pop("ticket_id")

        webhook_refund_failed_data = cls(
            attempt=attempt,
            merchant_id=merchant_id,
            order_id=order_id,
            reason=reason,
            retry_at=retry_at,
            ticket_id=ticket_id,
        )

        return webhook_refund_failed_data
