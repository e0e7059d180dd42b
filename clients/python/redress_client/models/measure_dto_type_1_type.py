from enum import StrEnum


class MeasureDtoType1Type(StrEnum):
    MANDATORY_EXAM = "mandatory_exam"

    def __str__(self) -> str:
        return str(self.value)
