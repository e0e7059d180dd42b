from enum import StrEnum


class MeasureDtoType9Type(StrEnum):
    TERMINATION = "termination"

    def __str__(self) -> str:
        return str(self.value)
