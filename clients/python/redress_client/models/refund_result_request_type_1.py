from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.refund_result_request_type_1_type import RefundResultRequestType1Type

T = TypeVar("T", bound="RefundResultRequestType1")


@_attrs_define
class RefundResultRequestType1:
    """It did not; redress retries with back-off and raises an alert (退款异常).

    Attributes:
        note (str):
        type_ (RefundResultRequestType1Type):
    """

    note: str
    type_: RefundResultRequestType1Type

    def to_dict(self) -> dict[str, Any]:
        note = self.note

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "note": note,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        note = d.pop("note")

        type_ = RefundResultRequestType1Type(d.pop("type"))

        refund_result_request_type_1 = cls(
            note=note,
            type_=type_,
        )

        return refund_result_request_type_1
