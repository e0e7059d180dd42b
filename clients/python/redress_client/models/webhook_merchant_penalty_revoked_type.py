from enum import StrEnum


class WebhookMerchantPenaltyRevokedType(StrEnum):
    MERCHANT_PENALTY_REVOKED = "merchant.penalty_revoked"

    def __str__(self) -> str:
        return str(self.value)
