from enum import StrEnum


class MeasureDtoType4Type(StrEnum):
    FINE = "fine"

    def __str__(self) -> str:
        return str(self.value)
