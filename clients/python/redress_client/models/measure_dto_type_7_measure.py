from enum import StrEnum


class MeasureDtoType7Measure(StrEnum):
    CART_SUSPENDED = "cart_suspended"

    def __str__(self) -> str:
        return str(self.value)
