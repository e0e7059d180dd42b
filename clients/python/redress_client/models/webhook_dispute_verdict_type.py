from enum import StrEnum


class WebhookDisputeVerdictType(StrEnum):
    DISPUTE_VERDICT = "dispute.verdict"

    def __str__(self) -> str:
        return str(self.value)
