from enum import StrEnum


class LogisticsRequestType3Event(StrEnum):
    REFUSED = "refused"

    def __str__(self) -> str:
        return str(self.value)
