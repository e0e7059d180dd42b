from enum import StrEnum


class WebhookMerchantStrategyPutType(StrEnum):
    MERCHANT_STRATEGY_PUT = "merchant.strategy_put"

    def __str__(self) -> str:
        return str(self.value)
