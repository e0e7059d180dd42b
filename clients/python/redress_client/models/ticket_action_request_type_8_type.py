from enum import StrEnum


class TicketActionRequestType8Type(StrEnum):
    CANCEL = "cancel"

    def __str__(self) -> str:
        return str(self.value)
