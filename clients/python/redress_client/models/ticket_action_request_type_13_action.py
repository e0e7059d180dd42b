from enum import StrEnum


class TicketActionRequestType13Action(StrEnum):
    ADD_EVIDENCE = "add_evidence"

    def __str__(self) -> str:
        return str(self.value)
