from enum import StrEnum


class TicketActionRequestType3Type(StrEnum):
    PROPOSE_REMEDY = "propose_remedy"

    def __str__(self) -> str:
        return str(self.value)
