from enum import StrEnum


class RemedyDtoType3Type(StrEnum):
    PARTIAL_COMPENSATION = "partial_compensation"

    def __str__(self) -> str:
        return str(self.value)
