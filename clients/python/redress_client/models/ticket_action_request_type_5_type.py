from enum import StrEnum


class TicketActionRequestType5Type(StrEnum):
    ACCEPT_REMEDY = "accept_remedy"

    def __str__(self) -> str:
        return str(self.value)
