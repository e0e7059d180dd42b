from enum import StrEnum


class WebhookOrderParcelUpdatedType(StrEnum):
    ORDER_PARCEL_UPDATED = "order.parcel_updated"

    def __str__(self) -> str:
        return str(self.value)
