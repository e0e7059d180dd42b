from enum import StrEnum


class TicketActionRequestType5Action(StrEnum):
    DECLINE_REMEDY = "decline_remedy"

    def __str__(self) -> str:
        return str(self.value)
