from enum import StrEnum


class TicketActionRequestType17Type(StrEnum):
    RECHECK = "recheck"

    def __str__(self) -> str:
        return str(self.value)
