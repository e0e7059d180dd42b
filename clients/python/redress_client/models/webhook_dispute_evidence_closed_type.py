from enum import StrEnum


class WebhookDisputeEvidenceClosedType(StrEnum):
    DISPUTE_EVIDENCE_CLOSED = "dispute.evidence_closed"

    def __str__(self) -> str:
        return str(self.value)
