from enum import StrEnum


class LogisticsRequestType1Event(StrEnum):
    IN_TRANSIT = "in_transit"

    def __str__(self) -> str:
        return str(self.value)
