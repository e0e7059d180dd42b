from enum import StrEnum


class WebhookTicketRefusalFailedType(StrEnum):
    TICKET_REFUSAL_FAILED = "ticket.refusal_failed"

    def __str__(self) -> str:
        return str(self.value)
