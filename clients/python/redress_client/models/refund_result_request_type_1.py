from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.refund_result_request_type_1_outcome import RefundResultRequestType1Outcome

T = TypeVar("T", bound="RefundResultRequestType1")


@_attrs_define
class RefundResultRequestType1:
    """It did not; redress retries with back-off and raises an alert (退款异常).

    Attributes:
        outcome (RefundResultRequestType1Outcome):
        reason (str):
    """

    outcome: RefundResultRequestType1Outcome
    reason: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        outcome = self.outcome.value

        reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "outcome": outcome,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        outcome = RefundResultRequestType1Outcome(d.pop("outcome"))

        reason = d.pop("reason")

        refund_result_request_type_1 = cls(
            outcome=outcome,
            reason=reason,
        )

        refund_result_request_type_1.additional_properties = d
        return refund_result_request_type_1

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
