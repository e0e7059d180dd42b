from enum import StrEnum


class WebhookTicketReplacementShippedType(StrEnum):
    TICKET_REPLACEMENT_SHIPPED = "ticket.replacement_shipped"

    def __str__(self) -> str:
        return str(self.value)
