from enum import StrEnum


class LogisticsRequestType5Type(StrEnum):
    INTERCEPTED = "intercepted"

    def __str__(self) -> str:
        return str(self.value)
