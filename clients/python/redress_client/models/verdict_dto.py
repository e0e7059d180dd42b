from enum import StrEnum


class VerdictDto(StrEnum):
    FAIL = "fail"
    NO_DATA = "no_data"
    PASS = "pass"

    def __str__(self) -> str:
        return str(self.value)
