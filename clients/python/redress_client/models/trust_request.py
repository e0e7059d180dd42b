from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="TrustRequest")


@_attrs_define
class TrustRequest:
    """What the platform knows about a buyer, for the fast-refund trust rule.

    Attributes:
        abuse_restricted (bool):
        account_created_at (datetime.datetime): RFC 3339.
        completed_orders (int):
        orders_90d (int):
        refunds_90d (int):
    """

    abuse_restricted: bool
    account_created_at: datetime.datetime
    completed_orders: int
    orders_90d: int
    refunds_90d: int

    def to_dict(self) -> dict[str, Any]:
        abuse_restricted = self.abuse_restricted

        account_created_at = self.account_created_at.isoformat()

        completed_orders = self.completed_orders

        orders_90d = self.orders_90d

        refunds_90d = self.refunds_90d

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "abuse_restricted": abuse_restricted,
                "account_created_at": account_created_at,
                "completed_orders": completed_orders,
                "orders_90d": orders_90d,
                "refunds_90d": refunds_90d,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        abuse_restricted = d.pop("abuse_restricted")

        account_created_at = datetime.datetime.fromisoformat(d.pop("account_created_at"))

        completed_orders = d.pop("completed_orders")

        orders_90d = d.pop("orders_90d")

        refunds_90d = d.pop("refunds_90d")

        trust_request = cls(
            abuse_restricted=abuse_restricted,
            account_created_at=account_created_at,
            completed_orders=completed_orders,
            orders_90d=orders_90d,
            refunds_90d=refunds_90d,
        )

        return trust_request
