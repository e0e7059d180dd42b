from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.refund_result_request_type_0_outcome import RefundResultRequestType0Outcome

T = TypeVar("T", bound="RefundResultRequestType0")


@_attrs_define
class RefundResultRequestType0:
    """The money went out.

    Attributes:
        outcome (RefundResultRequestType0Outcome):
        payment_reference (str):
    """

    outcome: RefundResultRequestType0Outcome
    payment_reference: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        outcome = self.outcome.value

        payment_reference = self.payment_reference

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "outcome": outcome,
                "payment_reference": payment_reference,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        outcome = RefundResultRequestType0Outcome(d.pop("outcome"))

        payment_reference = d.pop("payment_reference")

        refund_result_request_type_0 = cls(
            outcome=outcome,
            payment_reference=payment_reference,
        )

        refund_result_request_type_0.additional_properties = d
        return refund_result_request_type_0

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
