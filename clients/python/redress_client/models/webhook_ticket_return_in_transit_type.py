from enum import StrEnum


class WebhookTicketReturnInTransitType(StrEnum):
    TICKET_RETURN_IN_TRANSIT = "ticket.return_in_transit"

    def __str__(self) -> str:
        return str(self.value)
