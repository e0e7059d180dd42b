from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ActorDto")


@_attrs_define
class ActorDto:
    """Who did something.

    Attributes:
        role (str): buyer, merchant, arbitrator, operator, integration or system.
        id (None | str | Unset): The buyer's or merchant's id, or the platform staff's key or staff account id; absent
            for feeds and the system.
        staff_id (None | str | Unset): For a merchant's action taken by a named person of the shop (a staff account
            signed
            in to the console): the person's id (`stf_…`). Absent for the shop's API keys and for
            events from before staff accounts.
    """

    role: str
    id: None | str | Unset = UNSET
    staff_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        role = self.role

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        staff_id: None | str | Unset
        if isinstance(self.staff_id, Unset):
            staff_id = UNSET
        else:
            staff_id = self.staff_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "role": role,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if staff_id is not UNSET:
            field_dict["staff_id"] = staff_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        role = d.pop("role")

        def _parse_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

        def _parse_staff_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        staff_id = _parse_staff_id(d.pop("staff_id", UNSET))

        actor_dto = cls(
            role=role,
            id=id,
            staff_id=staff_id,
        )

        actor_dto.additional_properties = d
        return actor_dto

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
