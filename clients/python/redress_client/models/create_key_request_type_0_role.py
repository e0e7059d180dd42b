from enum import StrEnum


class CreateKeyRequestType0Role(StrEnum):
    ARBITRATOR = "arbitrator"
    INTEGRATION = "integration"
    OPERATOR = "operator"

    def __str__(self) -> str:
        return str(self.value)
