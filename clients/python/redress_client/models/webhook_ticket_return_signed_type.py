from enum import StrEnum


class WebhookTicketReturnSignedType(StrEnum):
    TICKET_RETURN_SIGNED = "ticket.return_signed"

    def __str__(self) -> str:
        return str(self.value)
