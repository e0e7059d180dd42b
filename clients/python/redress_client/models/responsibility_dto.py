from enum import StrEnum


class ResponsibilityDto(StrEnum):
    BOTH = "both"
    BUYER = "buyer"
    MERCHANT = "merchant"
    NONE = "none"

    def __str__(self) -> str:
        return str(self.value)
