from enum import StrEnum


class TicketActionRequestType13Type(StrEnum):
    SHIP_REPLACEMENT = "ship_replacement"

    def __str__(self) -> str:
        return str(self.value)
