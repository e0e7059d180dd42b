from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PolicyResponse")


@_attrs_define
class PolicyResponse:
    """The policy in force, as a complete policy file.

    Attributes:
        name (str):
        toml (str): Every key set; see `redress policy show`.
        version (int): Its stored version (`GET /v1/policy/versions`); 0 when none is stored yet and
            SPEC.md's defaults (or the server's start-up policy) apply.
        changed (bool | None | Unset): For `PUT`: false when the body was the version in force already and nothing was
            stored. Absent for `GET`.
        diff (list[str] | None | Unset): For `PUT`: what changed against the version before, one line per key
            (`dispute_rate.reference_rate: 0.4% → 0.3%`). Absent for `GET`.
    """

    name: str
    toml: str
    version: int
    changed: bool | None | Unset = UNSET
    diff: list[str] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        toml = self.toml

        version = self.version

        changed: bool | None | Unset
        if isinstance(self.changed, Unset):
            changed = UNSET
        else:
            changed = self.changed

        diff: list[str] | None | Unset
        if isinstance(self.diff, Unset):
            diff = UNSET
        elif isinstance(self.diff, list):
            diff = self.diff

        else:
            diff = self.diff

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "toml": toml,
                "version": version,
            }
        )
        if changed is not UNSET:
            field_dict["changed"] = changed
        if diff is not UNSET:
            field_dict["diff"] = diff

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        toml = d.pop("toml")

        version = d.pop("version")

        def _parse_changed(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        changed = _parse_changed(d.pop("changed", UNSET))

        def _parse_diff(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                diff_type_0 = cast(list[str], data)

                return diff_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        diff = _parse_diff(d.pop("diff", UNSET))

        policy_response = cls(
            name=name,
            toml=toml,
            version=version,
            changed=changed,
            diff=diff,
        )

        policy_response.additional_properties = d
        return policy_response

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
