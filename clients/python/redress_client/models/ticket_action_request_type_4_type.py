from enum import StrEnum


class TicketActionRequestType4Type(StrEnum):
    SET_RETURN_ADDRESS = "set_return_address"

    def __str__(self) -> str:
        return str(self.value)
