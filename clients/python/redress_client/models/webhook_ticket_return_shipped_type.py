from enum import StrEnum


class WebhookTicketReturnShippedType(StrEnum):
    TICKET_RETURN_SHIPPED = "ticket.return_shipped"

    def __str__(self) -> str:
        return str(self.value)
