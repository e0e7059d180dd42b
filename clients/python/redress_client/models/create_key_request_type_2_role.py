from enum import StrEnum


class CreateKeyRequestType2Role(StrEnum):
    BUYER = "buyer"

    def __str__(self) -> str:
        return str(self.value)
