from enum import StrEnum


class WebhookTicketReturnAwaitedType(StrEnum):
    TICKET_RETURN_AWAITED = "ticket.return_awaited"

    def __str__(self) -> str:
        return str(self.value)
