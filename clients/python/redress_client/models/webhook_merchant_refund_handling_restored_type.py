from enum import StrEnum


class WebhookMerchantRefundHandlingRestoredType(StrEnum):
    MERCHANT_REFUND_HANDLING_RESTORED = "merchant.refund_handling_restored"

    def __str__(self) -> str:
        return str(self.value)
