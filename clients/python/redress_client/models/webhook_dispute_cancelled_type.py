from enum import StrEnum


class WebhookDisputeCancelledType(StrEnum):
    DISPUTE_CANCELLED = "dispute.cancelled"

    def __str__(self) -> str:
        return str(self.value)
