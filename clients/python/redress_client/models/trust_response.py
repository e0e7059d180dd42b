from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TrustResponse")


@_attrs_define
class TrustResponse:
    """A buyer's trust inputs and whether the policy in force counts them as trusted now.

    Attributes:
        abuse_restricted (bool):
        account_created_at (str):
        buyer_id (str):
        completed_orders (int):
        orders_90d (int):
        refunds_90d (int):
        trusted (bool):
        version (int):
    """

    abuse_restricted: bool
    account_created_at: str
    buyer_id: str
    completed_orders: int
    orders_90d: int
    refunds_90d: int
    trusted: bool
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        abuse_restricted = self.abuse_restricted

        account_created_at = self.account_created_at

        buyer_id = self.buyer_id

        completed_orders = self.completed_orders

        orders_90d = self.orders_90d

        refunds_90d = self.refunds_90d

        trusted = self.trusted

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "abuse_restricted": abuse_restricted,
                "account_created_at": account_created_at,
                "buyer_id": buyer_id,
                "completed_orders": completed_orders,
                "orders_90d": orders_90d,
                "refunds_90d": refunds_90d,
                "trusted": trusted,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        abuse_restricted = d.pop("abuse_restricted")

        account_created_at = d.pop("account_created_at")

        buyer_id = d.pop("buyer_id")

        completed_orders = d.pop("completed_orders")

        orders_90d = d.pop("orders_90d")

        refunds_90d = d.pop("refunds_90d")

        trusted = d.pop("trusted")

        version = d.pop("version")

        trust_response = cls(
            abuse_restricted=abuse_restricted,
            account_created_at=account_created_at,
            buyer_id=buyer_id,
            completed_orders=completed_orders,
            orders_90d=orders_90d,
            refunds_90d=refunds_90d,
            trusted=trusted,
            version=version,
        )

        trust_response.additional_properties = d
        return trust_response

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
