from enum import StrEnum


class WebhookTicketClosedType(StrEnum):
    TICKET_CLOSED = "ticket.closed"

    def __str__(self) -> str:
        return str(self.value)
