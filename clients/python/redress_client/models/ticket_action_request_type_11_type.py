from enum import StrEnum


class TicketActionRequestType11Type(StrEnum):
    CANCEL_DISPUTE = "cancel_dispute"

    def __str__(self) -> str:
        return str(self.value)
