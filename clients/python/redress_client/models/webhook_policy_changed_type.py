from enum import StrEnum


class WebhookPolicyChangedType(StrEnum):
    POLICY_CHANGED = "policy.changed"

    def __str__(self) -> str:
        return str(self.value)
