from enum import StrEnum


class TicketActionRequestType9Action(StrEnum):
    ESCALATE = "escalate"

    def __str__(self) -> str:
        return str(self.value)
