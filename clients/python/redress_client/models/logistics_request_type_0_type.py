from enum import StrEnum


class LogisticsRequestType0Type(StrEnum):
    TRACKING_ENTERED = "tracking_entered"

    def __str__(self) -> str:
        return str(self.value)
