from enum import StrEnum


class WebhookRefundRetriedType(StrEnum):
    REFUND_RETRIED = "refund.retried"

    def __str__(self) -> str:
        return str(self.value)
