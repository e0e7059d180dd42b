from enum import StrEnum


class RefundResultRequestType1Type(StrEnum):
    FAILED = "failed"

    def __str__(self) -> str:
        return str(self.value)
