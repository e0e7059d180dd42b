from enum import StrEnum


class TicketStateDto(StrEnum):
    AWAITING_MERCHANT_SHIPMENT = "awaiting_merchant_shipment"
    AWAITING_REFUSAL = "awaiting_refusal"
    AWAITING_RETURN = "awaiting_return"
    CLOSED = "closed"
    COMPLETED = "completed"
    IN_DISPUTE = "in_dispute"
    REFUNDED = "refunded"
    REFUNDING = "refunding"
    REJECTED = "rejected"
    REPLACEMENT_IN_TRANSIT = "replacement_in_transit"
    REQUESTED = "requested"
    RETURN_IN_TRANSIT = "return_in_transit"
    RETURN_RECEIVED = "return_received"

    def __str__(self) -> str:
        return str(self.value)
