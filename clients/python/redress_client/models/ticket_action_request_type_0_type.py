from enum import StrEnum


class TicketActionRequestType0Type(StrEnum):
    APPROVE = "approve"

    def __str__(self) -> str:
        return str(self.value)
