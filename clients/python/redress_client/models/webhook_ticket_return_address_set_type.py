from enum import StrEnum


class WebhookTicketReturnAddressSetType(StrEnum):
    TICKET_RETURN_ADDRESS_SET = "ticket.return_address_set"

    def __str__(self) -> str:
        return str(self.value)
