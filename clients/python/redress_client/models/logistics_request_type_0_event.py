from enum import StrEnum


class LogisticsRequestType0Event(StrEnum):
    TRACKING_ENTERED = "tracking_entered"

    def __str__(self) -> str:
        return str(self.value)
