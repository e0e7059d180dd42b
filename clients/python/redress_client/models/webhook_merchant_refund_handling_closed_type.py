from enum import StrEnum


class WebhookMerchantRefundHandlingClosedType(StrEnum):
    MERCHANT_REFUND_HANDLING_CLOSED = "merchant.refund_handling_closed"

    def __str__(self) -> str:
        return str(self.value)
