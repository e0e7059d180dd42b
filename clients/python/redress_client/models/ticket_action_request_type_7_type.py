from enum import StrEnum


class TicketActionRequestType7Type(StrEnum):
    EDIT = "edit"

    def __str__(self) -> str:
        return str(self.value)
