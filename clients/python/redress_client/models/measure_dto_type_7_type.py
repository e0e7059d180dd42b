from enum import StrEnum


class MeasureDtoType7Type(StrEnum):
    CART_SUSPENDED = "cart_suspended"

    def __str__(self) -> str:
        return str(self.value)
