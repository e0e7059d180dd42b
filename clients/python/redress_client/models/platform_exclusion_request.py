from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PlatformExclusionRequest")


@_attrs_define
class PlatformExclusionRequest:
    """Exclude a merchant from the platform's fast refund, or include it again.

    Attributes:
        excluded (bool):
    """

    excluded: bool

    def to_dict(self) -> dict[str, Any]:
        excluded = self.excluded

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "excluded": excluded,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        excluded = d.pop("excluded")

        platform_exclusion_request = cls(
            excluded=excluded,
        )

        return platform_exclusion_request
