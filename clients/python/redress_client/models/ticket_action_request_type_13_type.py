from enum import StrEnum


class TicketActionRequestType13Type(StrEnum):
    ADD_EVIDENCE = "add_evidence"

    def __str__(self) -> str:
        return str(self.value)
