from enum import StrEnum


class TicketActionRequestType16Type(StrEnum):
    RECHECK = "recheck"

    def __str__(self) -> str:
        return str(self.value)
