from enum import StrEnum


class WebhookTicketShippedWhilePendingType(StrEnum):
    TICKET_SHIPPED_WHILE_PENDING = "ticket.shipped_while_pending"

    def __str__(self) -> str:
        return str(self.value)
