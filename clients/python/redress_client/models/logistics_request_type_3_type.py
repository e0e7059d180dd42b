from enum import StrEnum


class LogisticsRequestType3Type(StrEnum):
    REFUSED = "refused"

    def __str__(self) -> str:
        return str(self.value)
