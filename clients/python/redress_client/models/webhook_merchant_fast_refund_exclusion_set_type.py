from enum import StrEnum


class WebhookMerchantFastRefundExclusionSetType(StrEnum):
    MERCHANT_FAST_REFUND_EXCLUSION_SET = "merchant.fast_refund_exclusion_set"

    def __str__(self) -> str:
        return str(self.value)
