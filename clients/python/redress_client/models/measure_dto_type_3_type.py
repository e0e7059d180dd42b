from enum import StrEnum


class MeasureDtoType3Type(StrEnum):
    DELISTING = "delisting"

    def __str__(self) -> str:
        return str(self.value)
