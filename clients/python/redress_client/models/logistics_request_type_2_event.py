from enum import StrEnum


class LogisticsRequestType2Event(StrEnum):
    DELIVERED = "delivered"

    def __str__(self) -> str:
        return str(self.value)
