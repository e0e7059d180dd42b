from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookCreatorPenaltyRevokedData")


@_attrs_define
class WebhookCreatorPenaltyRevokedData:
    """
    Attributes:
        creator_id (str): The creator
        penalty_id (str): The penalty
        reason (str): Why
    """

    creator_id: str
    penalty_id: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        creator_id = self.creator_id

        penalty_id = self.penalty_id

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "creator_id": creator_id,
                "penalty_id": penalty_id,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        creator_id = d.pop("creator_id")

        penalty_id = d.pop("penalty_id")

        reason = d.pop("reason")

        webhook_creator_penalty_revoked_data = cls(
            creator_id=creator_id,
            penalty_id=penalty_id,
            reason=reason,
        )

        return webhook_creator_penalty_revoked_data
