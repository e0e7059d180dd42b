from enum import StrEnum


class VerdictOutcomeDtoType1Type(StrEnum):
    PARTIAL_REFUND = "partial_refund"

    def __str__(self) -> str:
        return str(self.value)
