from enum import StrEnum


class TicketActionRequestType12Type(StrEnum):
    CONFIRM_RETURN = "confirm_return"

    def __str__(self) -> str:
        return str(self.value)
