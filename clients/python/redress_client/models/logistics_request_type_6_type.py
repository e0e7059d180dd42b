from enum import StrEnum


class LogisticsRequestType6Type(StrEnum):
    RETURN_IN_TRANSIT = "return_in_transit"

    def __str__(self) -> str:
        return str(self.value)
