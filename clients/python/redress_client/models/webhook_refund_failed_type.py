from enum import StrEnum


class WebhookRefundFailedType(StrEnum):
    REFUND_FAILED = "refund.failed"

    def __str__(self) -> str:
        return str(self.value)
