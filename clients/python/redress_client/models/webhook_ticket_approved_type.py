from enum import StrEnum


class WebhookTicketApprovedType(StrEnum):
    TICKET_APPROVED = "ticket.approved"

    def __str__(self) -> str:
        return str(self.value)
