from enum import StrEnum


class TicketActionRequestType16Type(StrEnum):
    GIVE_VERDICT = "give_verdict"

    def __str__(self) -> str:
        return str(self.value)
