from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DayDto")


@_attrs_define
class DayDto:
    """One day's figures, for charts.

    Attributes:
        day (str):
        disputes_by_buyer (int):
        disputes_by_buyer_after_system (int): Disputes redress escalated first that the buyer then escalated herself, on
            the day of
            her first escalation (seed 001 FAQ); the channels preset counts them as hers.
        disputes_by_system (int):
        merchant_responsible (int):
        orders_paid (int):
        overdue_approved (int):
        refund_only_completed (int):
        refund_only_seconds (int):
        refunds_completed (int):
        return_refund_completed (int):
        return_refund_seconds (int):
        tickets_opened (int):
    """

    day: str
    disputes_by_buyer: int
    disputes_by_buyer_after_system: int
    disputes_by_system: int
    merchant_responsible: int
    orders_paid: int
    overdue_approved: int
    refund_only_completed: int
    refund_only_seconds: int
    refunds_completed: int
    return_refund_completed: int
    return_refund_seconds: int
    tickets_opened: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        day = self.day

        disputes_by_buyer = self.disputes_by_buyer

        disputes_by_buyer_after_system = self.disputes_by_buyer_after_system

        disputes_by_system = self.disputes_by_system

        merchant_responsible = self.merchant_responsible

        orders_paid = self.orders_paid

        overdue_approved = self.overdue_approved

        refund_only_completed = self.refund_only_completed

        refund_only_seconds = self.refund_only_seconds

        refunds_completed = self.refunds_completed

        return_refund_completed = self.return_refund_completed

        return_refund_seconds = self.return_refund_seconds

        tickets_opened = self.tickets_opened

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "day": day,
                "disputes_by_buyer": disputes_by_buyer,
                "disputes_by_buyer_after_system": disputes_by_buyer_after_system,
                "disputes_by_system": disputes_by_system,
                "merchant_responsible": merchant_responsible,
                "orders_paid": orders_paid,
                "overdue_approved": overdue_approved,
                "refund_only_completed": refund_only_completed,
                "refund_only_seconds": refund_only_seconds,
                "refunds_completed": refunds_completed,
                "return_refund_completed": return_refund_completed,
                "return_refund_seconds": return_refund_seconds,
                "tickets_opened": tickets_opened,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        day = d.pop("day")

        disputes_by_buyer = d.pop("disputes_by_buyer")

        disputes_by_buyer_after_system = d.pop("disputes_by_buyer_after_system")

        disputes_by_system = d.pop("disputes_by_system")

        merchant_responsible = d.pop("merchant_responsible")

        orders_paid = d.pop("orders_paid")

        overdue_approved = d.pop("overdue_approved")

        refund_only_completed = d.pop("refund_only_completed")

        refund_only_seconds = d.pop("refund_only_seconds")

        refunds_completed = d.pop("refunds_completed")

        return_refund_completed = d.pop("return_refund_completed")

        return_refund_seconds = d.pop("return_refund_seconds")

        tickets_opened = d.pop("tickets_opened")

        day_dto = cls(
            day=day,
            disputes_by_buyer=disputes_by_buyer,
            disputes_by_buyer_after_system=disputes_by_buyer_after_system,
            disputes_by_system=disputes_by_system,
            merchant_responsible=merchant_responsible,
            orders_paid=orders_paid,
            overdue_approved=overdue_approved,
            refund_only_completed=refund_only_completed,
            refund_only_seconds=refund_only_seconds,
            refunds_completed=refunds_completed,
            return_refund_completed=return_refund_completed,
            return_refund_seconds=return_refund_seconds,
            tickets_opened=tickets_opened,
        )

        day_dto.additional_properties = d
        return day_dto

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
