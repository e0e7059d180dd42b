from enum import StrEnum


class WebhookTicketRemedyDeclinedType(StrEnum):
    TICKET_REMEDY_DECLINED = "ticket.remedy_declined"

    def __str__(self) -> str:
        return str(self.value)
