from enum import StrEnum


class MeasureDtoType4Measure(StrEnum):
    FINE = "fine"

    def __str__(self) -> str:
        return str(self.value)
