from enum import StrEnum


class RefundResultRequestType0Outcome(StrEnum):
    SUCCEEDED = "succeeded"

    def __str__(self) -> str:
        return str(self.value)
