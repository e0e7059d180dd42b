from enum import StrEnum


class WebhookTicketMessagePostedType(StrEnum):
    TICKET_MESSAGE_POSTED = "ticket.message_posted"

    def __str__(self) -> str:
        return str(self.value)
