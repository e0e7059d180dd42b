from enum import StrEnum


class MeasureDtoType8Type(StrEnum):
    REFUND_HANDLING_CLOSED = "refund_handling_closed"

    def __str__(self) -> str:
        return str(self.value)
