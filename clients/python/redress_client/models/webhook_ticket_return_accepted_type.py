from enum import StrEnum


class WebhookTicketReturnAcceptedType(StrEnum):
    TICKET_RETURN_ACCEPTED = "ticket.return_accepted"

    def __str__(self) -> str:
        return str(self.value)
