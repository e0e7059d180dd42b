from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookPolicyChangedData")


@_attrs_define
class WebhookPolicyChangedData:
    """
    Attributes:
        diff (list[str]): One line per key changed against the version before
        name (str): The policy's name
        version (int): The new version
    """

    diff: list[str]
    name: str
    version: int

    def to_dict(self) -> dict[str, Any]:
        diff = self.diff

        name = self.name

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "diff": diff,
                "name": name,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        diff = cast(list[str], d.pop("diff"))

        name = d.pop("name")

        version = d.pop("version")

        webhook_policy_changed_data = cls(
            diff=diff,
            name=name,
            version=version,
        )

        return webhook_policy_changed_data
