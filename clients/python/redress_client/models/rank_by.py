from enum import StrEnum


class RankBy(StrEnum):
    DISPUTE_RATE = "dispute_rate"
    MERCHANT_RESPONSIBLE_RATE = "merchant_responsible_rate"
    OVERDUE_SHARE = "overdue_share"
    REFUND_ONLY_TIME = "refund_only_time"
    RETURN_REFUND_TIME = "return_refund_time"

    def __str__(self) -> str:
        return str(self.value)
