from enum import StrEnum


class WebhookCreatorPenalisedType(StrEnum):
    CREATOR_PENALISED = "creator.penalised"

    def __str__(self) -> str:
        return str(self.value)
