from enum import StrEnum


class WebhookTicketOpenedType(StrEnum):
    TICKET_OPENED = "ticket.opened"

    def __str__(self) -> str:
        return str(self.value)
