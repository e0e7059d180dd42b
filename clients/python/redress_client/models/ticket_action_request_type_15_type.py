from enum import StrEnum


class TicketActionRequestType15Type(StrEnum):
    GIVE_VERDICT = "give_verdict"

    def __str__(self) -> str:
        return str(self.value)
