from enum import StrEnum


class TicketKindDto(StrEnum):
    EXCHANGE = "exchange"
    REFUND_ONLY = "refund_only"
    REPAIR = "repair"
    RESHIP = "reship"
    RETURN_AND_REFUND = "return_and_refund"
    RETURN_SHIPPING = "return_shipping"

    def __str__(self) -> str:
        return str(self.value)
