from enum import StrEnum


class TicketActionRequestType16Action(StrEnum):
    RECHECK = "recheck"

    def __str__(self) -> str:
        return str(self.value)
