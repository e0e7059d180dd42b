from enum import StrEnum


class TicketActionRequestType10Type(StrEnum):
    ESCALATE = "escalate"

    def __str__(self) -> str:
        return str(self.value)
