from enum import StrEnum


class RefundResultRequestType1Outcome(StrEnum):
    FAILED = "failed"

    def __str__(self) -> str:
        return str(self.value)
