from enum import StrEnum


class WebhookMerchantNamedType(StrEnum):
    MERCHANT_NAMED = "merchant.named"

    def __str__(self) -> str:
        return str(self.value)
