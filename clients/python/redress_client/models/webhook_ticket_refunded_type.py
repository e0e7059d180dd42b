from enum import StrEnum


class WebhookTicketRefundedType(StrEnum):
    TICKET_REFUNDED = "ticket.refunded"

    def __str__(self) -> str:
        return str(self.value)
