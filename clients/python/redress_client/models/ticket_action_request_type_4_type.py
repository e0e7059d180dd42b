from enum import StrEnum


class TicketActionRequestType4Type(StrEnum):
    ACCEPT_REMEDY = "accept_remedy"

    def __str__(self) -> str:
        return str(self.value)
