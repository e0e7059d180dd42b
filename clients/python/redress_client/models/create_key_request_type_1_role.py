from enum import StrEnum


class CreateKeyRequestType1Role(StrEnum):
    MERCHANT = "merchant"

    def __str__(self) -> str:
        return str(self.value)
