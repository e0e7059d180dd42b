from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.logistics_request_type_2_type import LogisticsRequestType2Type
from ..models.signer_dto import SignerDto
from ..types import UNSET, Unset

T = TypeVar("T", bound="LogisticsRequestType2")


@_attrs_define
class LogisticsRequestType2:
    """
    Attributes:
        signer (SignerDto): Who signed for a delivered parcel.
        type_ (LogisticsRequestType2Type):
        parcel_id (None | str | Unset):
    """

    signer: SignerDto
    type_: LogisticsRequestType2Type
    parcel_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        signer = self.signer.value

        type_ = self.type_.value

        parcel_id: None | str | Unset
        if isinstance(self.parcel_id, Unset):
            parcel_id = UNSET
        else:
            parcel_id = self.parcel_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "signer": signer,
                "type": type_,
            }
        )
        if parcel_id is not UNSET:
            field_dict["parcel_id"] = parcel_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        signer = SignerDto(d.pop("signer"))

        type_ = LogisticsRequestType2Type(d.pop("type"))

        def _parse_parcel_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        parcel_id = _parse_parcel_id(d.pop("parcel_id", UNSET))

        logistics_request_type_2 = cls(
            signer=signer,
            type_=type_,
            parcel_id=parcel_id,
        )

        return logistics_request_type_2
