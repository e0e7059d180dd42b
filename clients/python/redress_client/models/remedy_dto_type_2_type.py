from enum import StrEnum


class RemedyDtoType2Type(StrEnum):
    RESHIP = "reship"

    def __str__(self) -> str:
        return str(self.value)
