from enum import StrEnum


class VerdictOutcomeDtoType2Type(StrEnum):
    NO_REFUND = "no_refund"

    def __str__(self) -> str:
        return str(self.value)
