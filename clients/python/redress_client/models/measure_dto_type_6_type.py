from enum import StrEnum


class MeasureDtoType6Type(StrEnum):
    PLATFORM_SETTLES_RETURN_SHIPPING = "platform_settles_return_shipping"

    def __str__(self) -> str:
        return str(self.value)
