from enum import StrEnum


class WebhookTicketReturnWindowLapsedType(StrEnum):
    TICKET_RETURN_WINDOW_LAPSED = "ticket.return_window_lapsed"

    def __str__(self) -> str:
        return str(self.value)
