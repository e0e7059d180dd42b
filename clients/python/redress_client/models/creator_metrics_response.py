from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.day_dto import DayDto
    from ..models.dispute_rate_dto import DisputeRateDto


T = TypeVar("T", bound="CreatorMetricsResponse")


@_attrs_define
class CreatorMetricsResponse:
    """A creator's dispute intervention rate over the window before an evaluation day: its
    disputes over the orders its showcase sold, against the platform's rate (every order).

        Attributes:
            creator_id (str):
            daily (list[DayDto]): Days with figures of the orders the creator sold, oldest first.
            dispute_rate (DisputeRateDto): 纠纷介入率 and the standard it is held to.
            evaluation_day (str):
            measured (bool): Whether the policy in force measures creators (`dispute_rate.measures_creators`).
            window_from (str):
            window_to (str):
    """

    creator_id: str
    daily: list[DayDto]
    dispute_rate: DisputeRateDto
    evaluation_day: str
    measured: bool
    window_from: str
    window_to: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        creator_id = self.creator_id

        daily = []
        for daily_item_data in self.daily:
            daily_item = daily_item_data.to_dict()
            daily.append(daily_item)

        dispute_rate = self.dispute_rate.to_dict()

        evaluation_day = self.evaluation_day

        measured = self.measured

        window_from = self.window_from

        window_to = self.window_to

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "creator_id": creator_id,
                "daily": daily,
                "dispute_rate": dispute_rate,
                "evaluation_day": evaluation_day,
                "measured": measured,
                "window_from": window_from,
                "window_to": window_to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.day_dto import DayDto  # noqa: PLC0415
        from ..models.dispute_rate_dto import DisputeRateDto  # noqa: PLC0415

        d = dict(src_dict)
        creator_id = d.pop("creator_id")

        daily = []
        _daily = d.pop("daily")
        for daily_item_data in _daily:
            daily_item = DayDto.from_dict(daily_item_data)

            daily.append(daily_item)

        dispute_rate = DisputeRateDto.from_dict(d.pop("dispute_rate"))

        evaluation_day = d.pop("evaluation_day")

        measured = d.pop("measured")

        window_from = d.pop("window_from")

        window_to = d.pop("window_to")

        creator_metrics_response = cls(
            creator_id=creator_id,
            daily=daily,
            dispute_rate=dispute_rate,
            evaluation_day=evaluation_day,
            measured=measured,
            window_from=window_from,
            window_to=window_to,
        )

        creator_metrics_response.additional_properties = d
        return creator_metrics_response

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
