from enum import StrEnum


class WebhookTicketReplacementDeliveredType(StrEnum):
    TICKET_REPLACEMENT_DELIVERED = "ticket.replacement_delivered"

    def __str__(self) -> str:
        return str(self.value)
