from enum import StrEnum


class WebhookMerchantStrategyDisabledType(StrEnum):
    MERCHANT_STRATEGY_DISABLED = "merchant.strategy_disabled"

    def __str__(self) -> str:
        return str(self.value)
