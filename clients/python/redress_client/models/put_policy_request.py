from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PutPolicyRequest")


@_attrs_define
class PutPolicyRequest:
    """A policy file's text. Keys left out take SPEC.md's defaults; `preset = "…"` starts from
    a preset.

        Attributes:
            toml (str):
    """

    toml: str

    def to_dict(self) -> dict[str, Any]:
        toml = self.toml

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "toml": toml,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        toml = d.pop("toml")

        put_policy_request = cls(
            toml=toml,
        )

        return put_policy_request
