from enum import StrEnum


class TicketActionRequestType7Action(StrEnum):
    CANCEL = "cancel"

    def __str__(self) -> str:
        return str(self.value)
