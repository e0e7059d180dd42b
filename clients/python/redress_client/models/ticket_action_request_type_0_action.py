from enum import StrEnum


class TicketActionRequestType0Action(StrEnum):
    APPROVE = "approve"

    def __str__(self) -> str:
        return str(self.value)
