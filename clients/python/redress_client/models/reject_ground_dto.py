from enum import StrEnum


class RejectGroundDto(StrEnum):
    REQUEST = "request"
    RETURN_NOT_AS_SENT = "return_not_as_sent"
    RETURN_NOT_RECEIVED = "return_not_received"

    def __str__(self) -> str:
        return str(self.value)
