from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.fulfilment_stage_dto import FulfilmentStageDto
from ..models.reason_dto import ReasonDto
from ..models.ticket_kind_dto import TicketKindDto
from ..types import UNSET, Unset

T = TypeVar("T", bound="ConditionDto")


@_attrs_define
class ConditionDto:
    """Strategy conditions; empty lists mean "any".

    Attributes:
        amount_max_minor (int | None | Unset): Requested amount at most this many minor units.
        categories (list[str] | Unset): Every item of the ticket is in one of these categories.
        kinds (list[TicketKindDto] | Unset):
        reasons (list[ReasonDto] | Unset):
        stages (list[FulfilmentStageDto] | Unset):
        trusted_buyer_only (bool | Unset):
    """

    amount_max_minor: int | None | Unset = UNSET
    categories: list[str] | Unset = UNSET
    kinds: list[TicketKindDto] | Unset = UNSET
    reasons: list[ReasonDto] | Unset = UNSET
    stages: list[FulfilmentStageDto] | Unset = UNSET
    trusted_buyer_only: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount_max_minor: int | None | Unset
        if isinstance(self.amount_max_minor, Unset):
            amount_max_minor = UNSET
        else:
            amount_max_minor = self.amount_max_minor

        categories: list[str] | Unset = UNSET
        if not isinstance(self.categories, Unset):
            categories = self.categories

        kinds: list[str] | Unset = UNSET
        if not isinstance(self.kinds, Unset):
            kinds = []
            for kinds_item_data in self.kinds:
                kinds_item = kinds_item_data.value
                kinds.append(kinds_item)

        reasons: list[str] | Unset = UNSET
        if not isinstance(self.reasons, Unset):
            reasons = []
            for reasons_item_data in self.reasons:
                reasons_item = reasons_item_data.value
                reasons.append(reasons_item)

        stages: list[str] | Unset = UNSET
        if not isinstance(self.stages, Unset):
            stages = []
            for stages_item_data in self.stages:
                stages_item = stages_item_data.value
                stages.append(stages_item)

        trusted_buyer_only = self.trusted_buyer_only

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if amount_max_minor is not UNSET:
            field_dict["amount_max_minor"] = amount_max_minor
        if categories is not UNSET:
            field_dict["categories"] = categories
        if kinds is not UNSET:
            field_dict["kinds"] = kinds
        if reasons is not UNSET:
            field_dict["reasons"] = reasons
        if stages is not UNSET:
            field_dict["stages"] = stages
        if trusted_buyer_only is not UNSET:
            field_dict["trusted_buyer_only"] = trusted_buyer_only

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_amount_max_minor(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        amount_max_minor = _parse_amount_max_minor(d.pop("amount_max_minor", UNSET))

        categories = cast(list[str], d.pop("categories", UNSET))

        _kinds = d.pop("kinds", UNSET)
        kinds: list[TicketKindDto] | Unset = UNSET
        if _kinds is not UNSET:
            kinds = []
            for kinds_item_data in _kinds:
                kinds_item = TicketKindDto(kinds_item_data)

                kinds.append(kinds_item)

        _reasons = d.pop("reasons", UNSET)
        reasons: list[ReasonDto] | Unset = UNSET
        if _reasons is not UNSET:
            reasons = []
            for reasons_item_data in _reasons:
                reasons_item = ReasonDto(reasons_item_data)

                reasons.append(reasons_item)

        _stages = d.pop("stages", UNSET)
        stages: list[FulfilmentStageDto] | Unset = UNSET
        if _stages is not UNSET:
            stages = []
            for stages_item_data in _stages:
                stages_item = FulfilmentStageDto(stages_item_data)

                stages.append(stages_item)

        trusted_buyer_only = d.pop("trusted_buyer_only", UNSET)

        condition_dto = cls(
            amount_max_minor=amount_max_minor,
            categories=categories,
            kinds=kinds,
            reasons=reasons,
            stages=stages,
            trusted_buyer_only=trusted_buyer_only,
        )

        return condition_dto
