from enum import StrEnum


class WebhookTicketCompletedType(StrEnum):
    TICKET_COMPLETED = "ticket.completed"

    def __str__(self) -> str:
        return str(self.value)
