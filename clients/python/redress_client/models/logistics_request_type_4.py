from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.logistics_request_type_4_type import LogisticsRequestType4Type
from ..types import UNSET, Unset

T = TypeVar("T", bound="LogisticsRequestType4")


@_attrs_define
class LogisticsRequestType4:
    """
    Attributes:
        type_ (LogisticsRequestType4Type):
        parcel_id (None | str | Unset):
    """

    type_: LogisticsRequestType4Type
    parcel_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        parcel_id: None | str | Unset
        if isinstance(self.parcel_id, Unset):
            parcel_id = UNSET
        else:
            parcel_id = self.parcel_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )
        if parcel_id is not UNSET:
            field_dict["parcel_id"] = parcel_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = LogisticsRequestType4Type(d.pop("type"))

        def _parse_parcel_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        parcel_id = _parse_parcel_id(d.pop("parcel_id", UNSET))

        logistics_request_type_4 = cls(
            type_=type_,
            parcel_id=parcel_id,
        )

        return logistics_request_type_4
