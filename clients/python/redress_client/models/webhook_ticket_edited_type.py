from enum import StrEnum


class WebhookTicketEditedType(StrEnum):
    TICKET_EDITED = "ticket.edited"

    def __str__(self) -> str:
        return str(self.value)
