from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.create_key_request_type_0_role import CreateKeyRequestType0Role
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateKeyRequestType0")


@_attrs_define
class CreateKeyRequestType0:
    """
    Attributes:
        role (CreateKeyRequestType0Role):
        buyer_id (None | Unset): Left out (or null)
        merchant_id (None | Unset): Left out (or null)
        name (str | Unset): What the key is for, up to 100 characters; shown by `redress keys list`.
    """

    role: CreateKeyRequestType0Role
    buyer_id: None | Unset = UNSET
    merchant_id: None | Unset = UNSET
    name: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        role = self.role.value

        buyer_id = self.buyer_id

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
        role = CreateKeyRequestType0Role(d.pop("role"))

        buyer_id = d.pop("buyer_id", UNSET)

        merchant_id = d.pop("merchant_id", UNSET)

        name = d.pop("name", UNSET)

        create_key_request_type_0 = cls(
            role=role,
            buyer_id=buyer_id,
            merchant_id=merchant_id,
            name=name,
        )

        return create_key_request_type_0
