from enum import StrEnum


class TicketActionRequestType2Type(StrEnum):
    REJECT = "reject"

    def __str__(self) -> str:
        return str(self.value)
