from enum import StrEnum


class LogisticsRequestType7Event(StrEnum):
    RETURN_SIGNED = "return_signed"

    def __str__(self) -> str:
        return str(self.value)
