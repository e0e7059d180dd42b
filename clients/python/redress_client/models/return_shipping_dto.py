from enum import StrEnum


class ReturnShippingDto(StrEnum):
    BUYER = "buyer"
    FREIGHT_INSURANCE = "freight_insurance"
    MERCHANT = "merchant"

    def __str__(self) -> str:
        return str(self.value)
