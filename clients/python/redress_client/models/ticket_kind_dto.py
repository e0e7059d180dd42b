from enum import StrEnum


class TicketKindDto(StrEnum):
    EXCHANGE = "exchange"
    REFUND_ONLY = "refund_only"
    REPAIR = "repair"
    RESHIP = "reship"
    RETURN_AND_REFUND = "return_and_refund"

    def __str__(self) -> str:
        return str(self.value)
