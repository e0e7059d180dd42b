from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookDisputeEvidenceAddedData")


@_attrs_define
class WebhookDisputeEvidenceAddedData:
    """
    Attributes:
        evidence_kind (str): The evidence's kind
        merchant_id (str): The merchant
        order_id (str): The order
        side (str): buyer or merchant
        ticket_id (str): The ticket
    """

    evidence_kind: str
    merchant_id: str
    order_id: str
    side: str
    ticket_id: str

    def to_dict(self) -> dict[str, Any]:
        evidence_kind = self.evidence_kind

        merchant_id = self.merchant_id

        order_id = self.order_id

        side = self.side

        ticket_id = self.ticket_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "evidence_kind": evidence_kind,
                "merchant_id": merchant_id,
                "order_id": order_id,
                "side": side,
                "ticket_id": ticket_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        evidence_kind = d.pop("evidence_kind")

        merchant_id = d.pop("merchant_id")

        order_id = d.pop("order_id")

        side = d.pop("side")

        ticket_id = d.pop("ticket_id")

        webhook_dispute_evidence_added_data = cls(
            evidence_kind=evidence_kind,
            merchant_id=merchant_id,
            order_id=order_id,
            side=side,
            ticket_id=ticket_id,
        )

        return webhook_dispute_evidence_added_data
