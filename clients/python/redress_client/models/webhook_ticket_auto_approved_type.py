from enum import StrEnum


class WebhookTicketAutoApprovedType(StrEnum):
    TICKET_AUTO_APPROVED = "ticket.auto_approved"

    def __str__(self) -> str:
        return str(self.value)
