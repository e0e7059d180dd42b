from enum import StrEnum


class TicketActionRequestType2Action(StrEnum):
    REJECT = "reject"

    def __str__(self) -> str:
        return str(self.value)
