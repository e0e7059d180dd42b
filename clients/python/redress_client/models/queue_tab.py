from enum import StrEnum


class QueueTab(StrEnum):
    AWAITING_BUYER = "awaiting_buyer"
    AWAITING_RECEIPT = "awaiting_receipt"
    CLOSED = "closed"
    DONE = "done"
    IN_DISPUTE = "in_dispute"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
