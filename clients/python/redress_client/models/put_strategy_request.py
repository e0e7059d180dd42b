from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.strategy_action_dto import StrategyActionDto
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.condition_dto import ConditionDto


T = TypeVar("T", bound="PutStrategyRequest")


@_attrs_define
class PutStrategyRequest:
    """Create a strategy, or a new version of it.

    Attributes:
        action (StrategyActionDto): What a matching strategy does.
        name (str): 1 to 100 characters, not only spaces.
        condition (ConditionDto | Unset): Strategy conditions; empty lists mean "any".
    """

    action: StrategyActionDto
    name: str
    condition: ConditionDto | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        name = self.name

        condition: dict[str, Any] | Unset = UNSET
        if not isinstance(self.condition, Unset):
            condition = self.condition.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
                "name": name,
            }
        )
        if condition is not UNSET:
            field_dict["condition"] = condition

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.condition_dto import ConditionDto  # noqa: PLC0415

        d = dict(src_dict)
        action = StrategyActionDto(d.pop("action"))

        name = d.pop("name")

        _condition = d.pop("condition", UNSET)
        condition: ConditionDto | Unset
        if isinstance(_condition, Unset):
            condition = UNSET
        else:
            condition = ConditionDto.from_dict(_condition)

        put_strategy_request = cls(
            action=action,
            name=name,
            condition=condition,
        )

        return put_strategy_request
