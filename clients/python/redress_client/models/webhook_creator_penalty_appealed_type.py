from enum import StrEnum


class WebhookCreatorPenaltyAppealedType(StrEnum):
    CREATOR_PENALTY_APPEALED = "creator.penalty_appealed"

    def __str__(self) -> str:
        return str(self.value)
