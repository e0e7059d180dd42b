from enum import StrEnum


class TicketActionRequestType9Type(StrEnum):
    SHIP_RETURN = "ship_return"

    def __str__(self) -> str:
        return str(self.value)
