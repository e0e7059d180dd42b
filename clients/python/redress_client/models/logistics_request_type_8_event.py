from enum import StrEnum


class LogisticsRequestType8Event(StrEnum):
    REPLACEMENT_DELIVERED = "replacement_delivered"

    def __str__(self) -> str:
        return str(self.value)
