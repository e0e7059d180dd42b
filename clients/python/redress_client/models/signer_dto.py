from enum import StrEnum


class SignerDto(StrEnum):
    BUYER = "buyer"
    LOCKER_WITHOUT_CONSENT = "locker_without_consent"
    LOCKER_WITH_CONSENT = "locker_with_consent"
    PROXY = "proxy"

    def __str__(self) -> str:
        return str(self.value)
