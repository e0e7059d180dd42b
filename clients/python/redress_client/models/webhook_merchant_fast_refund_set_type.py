from enum import StrEnum


class WebhookMerchantFastRefundSetType(StrEnum):
    MERCHANT_FAST_REFUND_SET = "merchant.fast_refund_set"

    def __str__(self) -> str:
        return str(self.value)
