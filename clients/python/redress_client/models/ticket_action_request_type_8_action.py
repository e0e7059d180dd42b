from enum import StrEnum


class TicketActionRequestType8Action(StrEnum):
    SHIP_RETURN = "ship_return"

    def __str__(self) -> str:
        return str(self.value)
