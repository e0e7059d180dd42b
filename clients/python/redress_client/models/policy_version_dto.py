from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.actor_dto import ActorDto


T = TypeVar("T", bound="PolicyVersionDto")


@_attrs_define
class PolicyVersionDto:
    """One stored version of the policy.

    Attributes:
        actor (ActorDto): Who did something.
        at (str): When it was put in force.
        diff (list[str]): What changed against the version before (for version 1, against SPEC.md's
            defaults), one line per key.
        name (str):
        toml (str): The whole policy, as a complete policy file.
        version (int):
    """

    actor: ActorDto
    at: str
    diff: list[str]
    name: str
    toml: str
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actor = self.actor.to_dict()

        at = self.at

        diff = self.diff

        name = self.name

        toml = self.toml

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actor": actor,
                "at": at,
                "diff": diff,
                "name": name,
                "toml": toml,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.actor_dto import ActorDto  # noqa: PLC0415

        d = dict(src_dict)
        actor = ActorDto.from_dict(d.pop("actor"))

        at = d.pop("at")

        diff = cast(list[str], d.pop("diff"))

        name = d.pop("name")

        toml = d.pop("toml")

        version = d.pop("version")

        policy_version_dto = cls(
            actor=actor,
            at=at,
            diff=diff,
            name=name,
            toml=toml,
            version=version,
        )

        policy_version_dto.additional_properties = d
        return policy_version_dto

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
