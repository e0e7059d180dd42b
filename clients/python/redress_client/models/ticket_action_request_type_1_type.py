from enum import StrEnum


class TicketActionRequestType1Type(StrEnum):
    APPROVE_AFTER_REFUSAL = "approve_after_refusal"

    def __str__(self) -> str:
        return str(self.value)
