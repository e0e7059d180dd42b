from enum import StrEnum


class WebhookDisputeEvidenceAddedType(StrEnum):
    DISPUTE_EVIDENCE_ADDED = "dispute.evidence_added"

    def __str__(self) -> str:
        return str(self.value)
