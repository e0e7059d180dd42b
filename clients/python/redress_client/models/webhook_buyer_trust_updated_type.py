from enum import StrEnum


class WebhookBuyerTrustUpdatedType(StrEnum):
    BUYER_TRUST_UPDATED = "buyer.trust_updated"

    def __str__(self) -> str:
        return str(self.value)
