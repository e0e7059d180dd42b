from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeyResponse")


@_attrs_define
class KeyResponse:
    """A key. `secret` is shown once, in the answer that created it.

    Attributes:
        created_at (str):
        key_id (str):
        name (str):
        role (str):
        buyer_id (None | str | Unset):
        merchant_id (None | str | Unset):
        secret (None | str | Unset): `Authorization: Bearer <secret>`; `null` in a replay of the creation.
    """

    created_at: str
    key_id: str
    name: str
    role: str
    buyer_id: None | str | Unset = UNSET
    merchant_id: None | str | Unset = UNSET
    secret: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at

        key_id = self.key_id

        name = self.name

        role = self.role

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

        secret: None | str | Unset
        if isinstance(self.secret, Unset):
            secret = UNSET
        else:
            secret = self.secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "key_id": key_id,
                "name": name,
                "role": role,
            }
        )
        if buyer_id is not UNSET:
            field_dict["buyer_id"] = buyer_id
        if merchant_id is not UNSET:
            field_dict["merchant_id"] = merchant_id
        if secret is not UNSET:
            field_dict["secret"] = secret

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = d.pop("created_at")

        key_id = d.pop("key_id")

        name = d.pop("name")

        role = d.pop("role")

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

        def _parse_secret(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        secret = _parse_secret(d.pop("secret", UNSET))

        key_response = cls(
            created_at=created_at,
            key_id=key_id,
            name=name,
            role=role,
            buyer_id=buyer_id,
            merchant_id=merchant_id,
            secret=secret,
        )

        key_response.additional_properties = d
        return key_response

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
