from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.logistics_request_type_2_type import LogisticsRequestType2Type
from ..models.signer_dto import SignerDto

T = TypeVar("T", bound="LogisticsRequestType2")


@_attrs_define
class LogisticsRequestType2:
    """
    Attributes:
        signer (SignerDto): Who signed for a delivered parcel.
        type_ (LogisticsRequestType2Type):
    """

    signer: SignerDto
    type_: LogisticsRequestType2Type

    def to_dict(self) -> dict[str, Any]:
        signer = self.signer.value

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "signer": signer,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        signer = SignerDto(d.pop("signer"))

        type_ = LogisticsRequestType2Type(d.pop("type"))

        logistics_request_type_2 = cls(
            signer=signer,
            type_=type_,
        )

        return logistics_request_type_2
