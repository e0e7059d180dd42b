from enum import StrEnum


class LogisticsRequestType7Type(StrEnum):
    RETURN_SIGNED = "return_signed"

    def __str__(self) -> str:
        return str(self.value)
