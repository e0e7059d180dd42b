from enum import StrEnum


class MeasureDtoType5Type(StrEnum):
    POINTS_DEDUCTED = "points_deducted"

    def __str__(self) -> str:
        return str(self.value)
