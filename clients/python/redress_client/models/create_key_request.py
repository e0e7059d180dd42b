from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.role_dto import RoleDto
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateKeyRequest")


@_attrs_define
class CreateKeyRequest:
    """A new key: its role and, for a merchant's or a buyer's key, whom it acts for.

    Attributes:
        role (RoleDto): What a key may do.
        buyer_id (None | str | Unset): With role `buyer` only: the buyer the key acts for.
        merchant_id (None | str | Unset): With role `merchant` only: the shop the key acts for.
        name (str | Unset): What the key is for, up to 100 characters; shown by `redress keys list`.
    """

    role: RoleDto
    buyer_id: None | str | Unset = UNSET
    merchant_id: None | str | Unset = UNSET
    name: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        role = self.role.value

        buyer_id: None | str | Unset
        if isinstance(self.buyer_id, Unset):
            buyer_id = UNSET
        else:
            buyer_id = self.buyer_id

        merchant_id: None | str | Unset
        if isinstance(self.merchant_id, Unset):
            merchant_id = UNSET
        else:
            merchant_id = self.merchant_id

        name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "role": role,
            }
        )
        if buyer_id is not UNSET:
            field_dict["buyer_id"] = buyer_id
        if merchant_id is not UNSET:
            field_dict["merchant_id"] = merchant_id
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        role = RoleDto(d.pop("role"))

        def _parse_buyer_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        buyer_id = _parse_buyer_id(d.pop("buyer_id", UNSET))

        def _parse_merchant_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        merchant_id = _parse_merchant_id(d.pop("merchant_id", UNSET))

        name = d.pop("name", UNSET)

        create_key_request = cls(
            role=role,
            buyer_id=buyer_id,
            merchant_id=merchant_id,
            name=name,
        )

        return create_key_request
