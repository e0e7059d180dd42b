from enum import StrEnum


class WebhookMerchantPenaltyAppealedType(StrEnum):
    MERCHANT_PENALTY_APPEALED = "merchant.penalty_appealed"

    def __str__(self) -> str:
        return str(self.value)
