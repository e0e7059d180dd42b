from enum import StrEnum


class WebhookMerchantReturnAddressSetType(StrEnum):
    MERCHANT_RETURN_ADDRESS_SET = "merchant.return_address_set"

    def __str__(self) -> str:
        return str(self.value)
