from enum import StrEnum


class VerdictOutcomeDtoType0Type(StrEnum):
    FULL_REFUND = "full_refund"

    def __str__(self) -> str:
        return str(self.value)
