from enum import StrEnum


class LogisticsRequestType1Type(StrEnum):
    IN_TRANSIT = "in_transit"

    def __str__(self) -> str:
        return str(self.value)
