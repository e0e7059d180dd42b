from enum import StrEnum


class TicketActionRequestType9Type(StrEnum):
    ESCALATE = "escalate"

    def __str__(self) -> str:
        return str(self.value)
