from enum import StrEnum


class WebhookRefundRequestedType(StrEnum):
    REFUND_REQUESTED = "refund.requested"

    def __str__(self) -> str:
        return str(self.value)
