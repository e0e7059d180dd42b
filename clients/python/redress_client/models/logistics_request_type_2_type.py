from enum import StrEnum


class LogisticsRequestType2Type(StrEnum):
    DELIVERED = "delivered"

    def __str__(self) -> str:
        return str(self.value)
