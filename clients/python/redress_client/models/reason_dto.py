from enum import StrEnum


class ReasonDto(StrEnum):
    COUNTERFEIT = "counterfeit"
    DAMAGED_IN_TRANSIT = "damaged_in_transit"
    DONT_WANT = "dont_want"
    LOGISTICS_STALLED = "logistics_stalled"
    MISSING_ITEMS = "missing_items"
    NOT_AS_DESCRIBED = "not_as_described"
    NOT_AS_PROMISED = "not_as_promised"
    NOT_RECEIVED = "not_received"
    NO_REASON_SEVEN_DAY = "no_reason_seven_day"
    QUALITY_PROBLEM = "quality_problem"
    WRONG_ITEM = "wrong_item"

    def __str__(self) -> str:
        return str(self.value)
