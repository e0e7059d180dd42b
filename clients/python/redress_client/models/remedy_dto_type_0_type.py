from enum import StrEnum


class RemedyDtoType0Type(StrEnum):
    EXCHANGE = "exchange"

    def __str__(self) -> str:
        return str(self.value)
