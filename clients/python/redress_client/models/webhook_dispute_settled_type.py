from enum import StrEnum


class WebhookDisputeSettledType(StrEnum):
    DISPUTE_SETTLED = "dispute.settled"

    def __str__(self) -> str:
        return str(self.value)
