from enum import StrEnum


class WebhookTicketRemedyAcceptedType(StrEnum):
    TICKET_REMEDY_ACCEPTED = "ticket.remedy_accepted"

    def __str__(self) -> str:
        return str(self.value)
