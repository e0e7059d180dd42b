from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Health")


@_attrs_define
class Health:
    """The process is up.

    Attributes:
        clock (str): The engine's clock, RFC 3339: the wall clock, or the sandbox's.
        database (str): `sqlite` (embedded) or `postgres`.
        mode (str): `live`, or `sandbox` when the clock is a test clock that operators move.
        status (str):
        version (str):
    """

    clock: str
    database: str
    mode: str
    status: str
    version: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        clock = self.clock

        database = self.database

        mode = self.mode

        status = self.status

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "clock": clock,
                "database": database,
                "mode": mode,
                "status": status,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        clock = d.pop("clock")

        database = d.pop("database")

        mode = d.pop("mode")

        status = d.pop("status")

        version = d.pop("version")

        health = cls(
            clock=clock,
            database=database,
            mode=mode,
            status=status,
            version=version,
        )

        health.additional_properties = d
        return health

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
