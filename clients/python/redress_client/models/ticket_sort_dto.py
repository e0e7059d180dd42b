from enum import StrEnum


class TicketSortDto(StrEnum):
    AMOUNT = "amount"
    CREATED = "created"
    DEADLINE = "deadline"
    DISPUTED = "disputed"
    UPDATED = "updated"

    def __str__(self) -> str:
        return str(self.value)
