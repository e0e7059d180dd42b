from enum import StrEnum


class TicketActionRequestType4Action(StrEnum):
    ACCEPT_REMEDY = "accept_remedy"

    def __str__(self) -> str:
        return str(self.value)
