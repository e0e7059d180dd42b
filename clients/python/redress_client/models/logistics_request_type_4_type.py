from enum import StrEnum


class LogisticsRequestType4Type(StrEnum):
    RETURNED_TO_SENDER = "returned_to_sender"

    def __str__(self) -> str:
        return str(self.value)
