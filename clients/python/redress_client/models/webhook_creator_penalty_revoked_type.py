from enum import StrEnum


class WebhookCreatorPenaltyRevokedType(StrEnum):
    CREATOR_PENALTY_REVOKED = "creator.penalty_revoked"

    def __str__(self) -> str:
        return str(self.value)
