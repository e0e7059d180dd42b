from enum import StrEnum


class WebhookTicketEscalatedType(StrEnum):
    TICKET_ESCALATED = "ticket.escalated"

    def __str__(self) -> str:
        return str(self.value)
