from enum import StrEnum


class TicketActionRequestType18Type(StrEnum):
    RETRY_REFUND = "retry_refund"

    def __str__(self) -> str:
        return str(self.value)
