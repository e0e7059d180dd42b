from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookCreatorPenaltyAppealedData")


@_attrs_define
class WebhookCreatorPenaltyAppealedData:
    """
    Attributes:
        creator_id (str): The creator
        penalty_id (str): The penalty
        statement (str): The creator's statement
    """

    creator_id: str
    penalty_id: str
    statement: str

    def to_dict(self) -> dict[str, Any]:
        creator_id = self.creator_id

        penalty_id = self.penalty_id

        statement = self.statement

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "creator_id": creator_id,
                "penalty_id": penalty_id,
                "statement": statement,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        creator_id = d.pop("creator_id")

        penalty_id = d.pop("penalty_id")

        statement = d.pop("statement")

        webhook_creator_penalty_appealed_data = cls(
            creator_id=creator_id,
            penalty_id=penalty_id,
            statement=statement,
        )

        return webhook_creator_penalty_appealed_data
