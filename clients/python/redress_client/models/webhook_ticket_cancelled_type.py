from enum import StrEnum


class WebhookTicketCancelledType(StrEnum):
    TICKET_CANCELLED = "ticket.cancelled"

    def __str__(self) -> str:
        return str(self.value)
