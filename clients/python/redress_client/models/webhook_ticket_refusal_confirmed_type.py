from enum import StrEnum


class WebhookTicketRefusalConfirmedType(StrEnum):
    TICKET_REFUSAL_CONFIRMED = "ticket.refusal_confirmed"

    def __str__(self) -> str:
        return str(self.value)
