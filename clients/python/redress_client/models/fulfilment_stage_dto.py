from enum import StrEnum


class FulfilmentStageDto(StrEnum):
    DELIVERED = "delivered"
    IN_TRANSIT = "in_transit"
    RETURNING = "returning"
    SHIPPED = "shipped"
    UNSHIPPED = "unshipped"

    def __str__(self) -> str:
        return str(self.value)
