from enum import StrEnum


class WebhookOrderPlacedType(StrEnum):
    ORDER_PLACED = "order.placed"

    def __str__(self) -> str:
        return str(self.value)
