from enum import StrEnum


class MeasureDtoType2Type(StrEnum):
    MANDATORY_STUDY = "mandatory_study"

    def __str__(self) -> str:
        return str(self.value)
