from enum import StrEnum


class TicketActionRequestType14Action(StrEnum):
    SETTLE_DISPUTE = "settle_dispute"

    def __str__(self) -> str:
        return str(self.value)
