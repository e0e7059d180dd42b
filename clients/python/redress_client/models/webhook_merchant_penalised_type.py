from enum import StrEnum


class WebhookMerchantPenalisedType(StrEnum):
    MERCHANT_PENALISED = "merchant.penalised"

    def __str__(self) -> str:
        return str(self.value)
