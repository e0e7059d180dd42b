from enum import StrEnum


class TicketActionRequestType14Type(StrEnum):
    ADD_EVIDENCE = "add_evidence"

    def __str__(self) -> str:
        return str(self.value)
