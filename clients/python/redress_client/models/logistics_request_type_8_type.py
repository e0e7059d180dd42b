from enum import StrEnum


class LogisticsRequestType8Type(StrEnum):
    REPLACEMENT_DELIVERED = "replacement_delivered"

    def __str__(self) -> str:
        return str(self.value)
