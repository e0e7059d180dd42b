from enum import StrEnum


class StrategyActionDto(StrEnum):
    APPROVE = "approve"
    REFUND_ON_RETURN_SIGNED = "refund_on_return_signed"

    def __str__(self) -> str:
        return str(self.value)
