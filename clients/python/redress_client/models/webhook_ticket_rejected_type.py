from enum import StrEnum


class WebhookTicketRejectedType(StrEnum):
    TICKET_REJECTED = "ticket.rejected"

    def __str__(self) -> str:
        return str(self.value)
