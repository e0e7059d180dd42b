from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.create_key_request_type_2_role import CreateKeyRequestType2Role
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateKeyRequestType2")


@_attrs_define
class CreateKeyRequestType2:
    """
    Attributes:
        buyer_id (str): With role `buyer` only: the buyer the key acts for.
        role (CreateKeyRequestType2Role):
        merchant_id (None | Unset): Left out (or null)
        name (str | Unset): What the key is for, up to 100 characters; shown by `redress keys list`.
    """

    buyer_id: str
    role: CreateKeyRequestType2Role
    merchant_id: None | Unset = UNSET
    name: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        buyer_id = self.buyer_id

        role = self.role.value

        merchant_id = self.merchant_id

        name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "buyer_id": buyer_id,
                "role": role,
            }
        )
        if merchant_id is not UNSET:
            field_dict["merchant_id"] = merchant_id
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        buyer_id = d.pop("buyer_id")

        role = CreateKeyRequestType2Role(d.pop("role"))

        merchant_id = d.pop("merchant_id", UNSET)

        name = d.pop("name", UNSET)

        create_key_request_type_2 = cls(
            buyer_id=buyer_id,
            role=role,
            merchant_id=merchant_id,
            name=name,
        )

        return create_key_request_type_2
