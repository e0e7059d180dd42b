from enum import StrEnum


class TicketActionRequestType6Type(StrEnum):
    DECLINE_REMEDY = "decline_remedy"

    def __str__(self) -> str:
        return str(self.value)
