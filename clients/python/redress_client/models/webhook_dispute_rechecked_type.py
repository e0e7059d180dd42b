from enum import StrEnum


class WebhookDisputeRecheckedType(StrEnum):
    DISPUTE_RECHECKED = "dispute.rechecked"

    def __str__(self) -> str:
        return str(self.value)
