from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.completion_time_dto import CompletionTimeDto
    from ..models.day_dto import DayDto
    from ..models.dispute_rate_dto import DisputeRateDto
    from ..models.overdue_dto import OverdueDto
    from ..models.responsible_rate_dto import ResponsibleRateDto


T = TypeVar("T", bound="MetricsResponse")


@_attrs_define
class MetricsResponse:
    """A merchant's figures over the window before an evaluation day, each with what it is made
    of and the standard it is held to, and the daily series.

        Attributes:
            daily (list[DayDto]): Days with figures, oldest first.
            dispute_rate (DisputeRateDto): 纠纷介入率 and the standard it is held to.
            evaluation_day (str):
            merchant_id (str):
            merchant_responsible_rate (ResponsibleRateDto): 商责纠纷率: passes below `count_below` disputes or at most
                `rate_ppm_max`.
            overdue (OverdueDto): Overdue-approved tickets among those opened (seed 004).
            refund_only_time (CompletionTimeDto): A self-completion time: total seconds over completed tickets, and its
                store-score points.
            return_refund_time (CompletionTimeDto): A self-completion time: total seconds over completed tickets, and its
                store-score points.
            window_from (str):
            window_to (str):
    """

    daily: list[DayDto]
    dispute_rate: DisputeRateDto
    evaluation_day: str
    merchant_id: str
    merchant_responsible_rate: ResponsibleRateDto
    overdue: OverdueDto
    refund_only_time: CompletionTimeDto
    return_refund_time: CompletionTimeDto
    window_from: str
    window_to: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        daily = []
        for daily_item_data in self.daily:
            daily_item = daily_item_data.to_dict()
            daily.append(daily_item)

        dispute_rate = self.dispute_rate.to_dict()

        evaluation_day = self.evaluation_day

        merchant_id = self.merchant_id

        merchant_responsible_rate = self.merchant_responsible_rate.to_dict()

        overdue = self.overdue.to_dict()

        refund_only_time = self.refund_only_time.to_dict()

        return_refund_time = self.return_refund_time.to_dict()

        window_from = self.window_from

        window_to = self.window_to

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "daily": daily,
                "dispute_rate": dispute_rate,
                "evaluation_day": evaluation_day,
                "merchant_id": merchant_id,
                "merchant_responsible_rate": merchant_responsible_rate,
                "overdue": overdue,
                "refund_only_time": refund_only_time,
                "return_refund_time": return_refund_time,
                "window_from": window_from,
                "window_to": window_to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.completion_time_dto import CompletionTimeDto  # noqa: PLC0415
        from ..models.day_dto import DayDto  # noqa: PLC0415
        from ..models.dispute_rate_dto import DisputeRateDto  # noqa: PLC0415
        from ..models.overdue_dto import OverdueDto  # noqa: PLC0415
        from ..models.responsible_rate_dto import ResponsibleRateDto  # noqa: PLC0415

        d = dict(src_dict)
        daily = []
        _daily = d.pop("daily")
        for daily_item_data in _daily:
            daily_item = DayDto.from_dict(daily_item_data)

            daily.append(daily_item)

        dispute_rate = DisputeRateDto.from_dict(d.pop("dispute_rate"))

        evaluation_day = d.pop("evaluation_day")

        merchant_id = d.pop("merchant_id")

        merchant_responsible_rate = ResponsibleRateDto.from_dict(d.pop("merchant_responsible_rate"))

        overdue = OverdueDto.from_dict(d.pop("overdue"))

        refund_only_time = CompletionTimeDto.from_dict(d.pop("refund_only_time"))

        return_refund_time = CompletionTimeDto.from_dict(d.pop("return_refund_time"))

        window_from = d.pop("window_from")

        window_to = d.pop("window_to")

        metrics_response = cls(
            daily=daily,
            dispute_rate=dispute_rate,
            evaluation_day=evaluation_day,
            merchant_id=merchant_id,
            merchant_responsible_rate=merchant_responsible_rate,
            overdue=overdue,
            refund_only_time=refund_only_time,
            return_refund_time=return_refund_time,
            window_from=window_from,
            window_to=window_to,
        )

        metrics_response.additional_properties = d
        return metrics_response

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
