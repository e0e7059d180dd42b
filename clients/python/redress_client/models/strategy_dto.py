from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.strategy_action_dto import StrategyActionDto

if TYPE_CHECKING:
    from ..models.condition_dto import ConditionDto


T = TypeVar("T", bound="StrategyDto")


@_attrs_define
class StrategyDto:
    """One version of an auto-approve strategy.

    Attributes:
        action (StrategyActionDto): What a matching strategy does.
        condition (ConditionDto): Strategy conditions; empty lists mean "any".
        enabled (bool):
        id (str):
        name (str):
        version (int):
    """

    action: StrategyActionDto
    condition: ConditionDto
    enabled: bool
    id: str
    name: str
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        condition = self.condition.to_dict()

        enabled = self.enabled

        id = self.id

        name = self.name

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "condition": condition,
                "enabled": enabled,
                "id": id,
                "name": name,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.condition_dto import ConditionDto  # noqa: PLC0415

        d = dict(src_dict)
        action = StrategyActionDto(d.pop("action"))

        condition = ConditionDto.from_dict(d.pop("condition"))

        enabled = d.pop("enabled")

        id = d.pop("id")

        name = d.pop("name")

        version = d.pop("version")

        strategy_dto = cls(
            action=action,
            condition=condition,
            enabled=enabled,
            id=id,
            name=name,
            version=version,
        )

        strategy_dto.additional_properties = d
        return strategy_dto

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
