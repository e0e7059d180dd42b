from enum import StrEnum


class TicketActionRequestType15Type(StrEnum):
    SETTLE_DISPUTE = "settle_dispute"

    def __str__(self) -> str:
        return str(self.value)
