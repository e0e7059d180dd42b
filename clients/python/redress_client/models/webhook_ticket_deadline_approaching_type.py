from enum import StrEnum


class WebhookTicketDeadlineApproachingType(StrEnum):
    TICKET_DEADLINE_APPROACHING = "ticket.deadline_approaching"

    def __str__(self) -> str:
        return str(self.value)
