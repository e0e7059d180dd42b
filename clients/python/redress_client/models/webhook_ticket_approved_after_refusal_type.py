from enum import StrEnum


class WebhookTicketApprovedAfterRefusalType(StrEnum):
    TICKET_APPROVED_AFTER_REFUSAL = "ticket.approved_after_refusal"

    def __str__(self) -> str:
        return str(self.value)
