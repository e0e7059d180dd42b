from enum import StrEnum


class MeasureDtoType0Type(StrEnum):
    WARNING = "warning"

    def __str__(self) -> str:
        return str(self.value)
