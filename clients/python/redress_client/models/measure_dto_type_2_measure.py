from enum import StrEnum


class MeasureDtoType2Measure(StrEnum):
    MANDATORY_STUDY = "mandatory_study"

    def __str__(self) -> str:
        return str(self.value)
