from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.refund_result_request_type_0_type import RefundResultRequestType0Type

T = TypeVar("T", bound="RefundResultRequestType0")


@_attrs_define
class RefundResultRequestType0:
    """The money went out.

    Attributes:
        payment_reference (str):
        type_ (RefundResultRequestType0Type):
    """

    payment_reference: str
    type_: RefundResultRequestType0Type

    def to_dict(self) -> dict[str, Any]:
        payment_reference = self.payment_reference

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "payment_reference": payment_reference,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        payment_reference = d.pop("payment_reference")

        type_ = RefundResultRequestType0Type(d.pop("type"))

        refund_result_request_type_0 = cls(
            payment_reference=payment_reference,
            type_=type_,
        )

        return refund_result_request_type_0
