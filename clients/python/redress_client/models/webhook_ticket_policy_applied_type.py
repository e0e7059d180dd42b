from enum import StrEnum


class WebhookTicketPolicyAppliedType(StrEnum):
    TICKET_POLICY_APPLIED = "ticket.policy_applied"

    def __str__(self) -> str:
        return str(self.value)
