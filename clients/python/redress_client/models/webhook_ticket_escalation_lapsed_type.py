from enum import StrEnum


class WebhookTicketEscalationLapsedType(StrEnum):
    TICKET_ESCALATION_LAPSED = "ticket.escalation_lapsed"

    def __str__(self) -> str:
        return str(self.value)
