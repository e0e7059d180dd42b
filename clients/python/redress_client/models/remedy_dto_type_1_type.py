from enum import StrEnum


class RemedyDtoType1Type(StrEnum):
    REPAIR = "repair"

    def __str__(self) -> str:
        return str(self.value)
