from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.recorded_creator_penalty import RecordedCreatorPenalty
    from ..models.recorded_penalty import RecordedPenalty


T = TypeVar("T", bound="EvaluationResponse")


@_attrs_define
class EvaluationResponse:
    """
    Attributes:
        already_recorded (int): Penalties an earlier run of the same period had recorded already.
        creator_penalties (list[RecordedCreatorPenalty]): Creators' penalties recorded by this run; in a preview, those
            it would record.
        creators (int): Showcase creators with figures in the window, when the policy measures them
            (`dispute_rate.measures_creators`, seed 001); 0 otherwise.
        day (str):
        dry_run (bool): True for a preview: nothing was recorded.
        merchants (int):
        policy_version (int): The policy version whose standards applied (`GET /v1/policy/versions`); 0 for a
            policy that is not stored.
        recorded (list[RecordedPenalty]): Penalties recorded by this run; in a preview, those it would record.
    """

    already_recorded: int
    creator_penalties: list[RecordedCreatorPenalty]
    creators: int
    day: str
    dry_run: bool
    merchants: int
    policy_version: int
    recorded: list[RecordedPenalty]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        already_recorded = self.already_recorded

        creator_penalties = []
        for creator_penalties_item_data in self.creator_penalties:
            creator_penalties_item = creator_penalties_item_data.to_dict()
            creator_penalties.append(creator_penalties_item)

        creators = self.creators

        day = self.day

        dry_run = self.dry_run

        merchants = self.merchants

        policy_version = self.policy_version

        recorded = []
        for recorded_item_data in self.recorded:
            recorded_item = recorded_item_data.to_dict()
            recorded.append(recorded_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "already_recorded": already_recorded,
                "creator_penalties": creator_penalties,
                "creators": creators,
                "day": day,
                "dry_run": dry_run,
                "merchants": merchants,
                "policy_version": policy_version,
                "recorded": recorded,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.recorded_creator_penalty import RecordedCreatorPenalty  # noqa: PLC0415
        from ..models.recorded_penalty import RecordedPenalty  # noqa: PLC0415

        d = dict(src_dict)
        already_recorded = d.pop("already_recorded")

        creator_penalties = []
        _creator_penalties = d.pop("creator_penalties")
        for creator_penalties_item_data in _creator_penalties:
            creator_penalties_item = RecordedCreatorPenalty.from_dict(creator_penalties_item_data)

            creator_penalties.append(creator_penalties_item)

        creators = d.pop("creators")

        day = d.pop("day")

        dry_run = d.pop("dry_run")

        merchants = d.pop("merchants")

        policy_version = d.pop("policy_version")

        recorded = []
        _recorded = d.pop("recorded")
        for recorded_item_data in _recorded:
            recorded_item = RecordedPenalty.from_dict(recorded_item_data)

            recorded.append(recorded_item)

        evaluation_response = cls(
            already_recorded=already_recorded,
            creator_penalties=creator_penalties,
            creators=creators,
            day=day,
            dry_run=dry_run,
            merchants=merchants,
            policy_version=policy_version,
            recorded=recorded,
        )

        evaluation_response.additional_properties = d
        return evaluation_response

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
