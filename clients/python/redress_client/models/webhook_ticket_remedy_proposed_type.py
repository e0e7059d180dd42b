from enum import StrEnum


class WebhookTicketRemedyProposedType(StrEnum):
    TICKET_REMEDY_PROPOSED = "ticket.remedy_proposed"

    def __str__(self) -> str:
        return str(self.value)
