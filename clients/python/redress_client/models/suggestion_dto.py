from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.money_dto import MoneyDto


T = TypeVar("T", bound="SuggestionDto")


@_attrs_define
class SuggestionDto:
    """What the verdict helper proposes for an open dispute, and the rule it rests on; the
    arbitrator decides.

        Attributes:
            outcome (str): `full_refund`, `partial_refund` or `no_refund`.
            responsibility (str):
            rule (str): e.g. `locker_without_consent`, `merchant_evidence_missing`.
            amount (MoneyDto | None | Unset):
    """

    outcome: str
    responsibility: str
    rule: str
    amount: MoneyDto | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.money_dto import MoneyDto  # noqa: PLC0415

        outcome = self.outcome

        responsibility = self.responsibility

        rule = self.rule

        amount: dict[str, Any] | None | Unset
        if isinstance(self.amount, Unset):
            amount = UNSET
        elif isinstance(self.amount, MoneyDto):
            amount = self.amount.to_dict()
        else:
            amount = self.amount

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "outcome": outcome,
                "responsibility": responsibility,
                "rule": rule,
            }
        )
        if amount is not UNSET:
            field_dict["amount"] = amount

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_dto import MoneyDto  # noqa: PLC0415

        d = dict(src_dict)
        outcome = d.pop("outcome")

        responsibility = d.pop("responsibility")

        rule = d.pop("rule")

        def _parse_amount(data: object) -> MoneyDto | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                amount_type_0 = MoneyDto.from_dict(data)

                return amount_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MoneyDto | None | Unset, data)

        amount = _parse_amount(d.pop("amount", UNSET))

        suggestion_dto = cls(
            outcome=outcome,
            responsibility=responsibility,
            rule=rule,
            amount=amount,
        )

        suggestion_dto.additional_properties = d
        return suggestion_dto

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
