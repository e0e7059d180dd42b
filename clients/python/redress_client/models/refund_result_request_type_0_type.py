from enum import StrEnum


class RefundResultRequestType0Type(StrEnum):
    SUCCEEDED = "succeeded"

    def __str__(self) -> str:
        return str(self.value)
