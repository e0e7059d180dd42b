from enum import StrEnum


class RoleDto(StrEnum):
    ARBITRATOR = "arbitrator"
    BUYER = "buyer"
    INTEGRATION = "integration"
    MERCHANT = "merchant"
    OPERATOR = "operator"

    def __str__(self) -> str:
        return str(self.value)
