from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.advance_response_deadlines_fired import AdvanceResponseDeadlinesFired


T = TypeVar("T", bound="AdvanceResponse")


@_attrs_define
class AdvanceResponse:
    """What the advance caused.

    Attributes:
        deadlines_fired (AdvanceResponseDeadlinesFired): Deadlines fired, by kind (`merchant_response`,
            `merchant_return_handling`, …).
        deadlines_stale (int): Deadlines that had been met or moved by the time they were due.
        evaluations_run (list[str]): Weekly evaluations run, by evaluation day.
        from_ (str):
        to (str):
        webhooks_attempted (int): Webhook delivery attempts made before answering (the messages the advance caused,
            and any delivery or retry due by the new time).
    """

    deadlines_fired: AdvanceResponseDeadlinesFired
    deadlines_stale: int
    evaluations_run: list[str]
    from_: str
    to: str
    webhooks_attempted: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        deadlines_fired = self.deadlines_fired.to_dict()

        deadlines_stale = self.deadlines_stale

        evaluations_run = self.evaluations_run

        from_ = self.from_

        to = self.to

        webhooks_attempted = self.webhooks_attempted

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "deadlines_fired": deadlines_fired,
                "deadlines_stale": deadlines_stale,
                "evaluations_run": evaluations_run,
                "from": from_,
                "to": to,
                "webhooks_attempted": webhooks_attempted,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.advance_response_deadlines_fired import AdvanceResponseDeadlinesFired  # noqa: PLC0415

        d = dict(src_dict)
        deadlines_fired = AdvanceResponseDeadlinesFired.from_dict(d.pop("deadlines_fired"))

        deadlines_stale = d.pop("deadlines_stale")

        evaluations_run = cast(list[str], d.pop("evaluations_run"))

        from_ = d.pop("from")

        to = d.pop("to")

        webhooks_attempted = d.pop("webhooks_attempted")

        advance_response = cls(
            deadlines_fired=deadlines_fired,
            deadlines_stale=deadlines_stale,
            evaluations_run=evaluations_run,
            from_=from_,
            to=to,
            webhooks_attempted=webhooks_attempted,
        )

        advance_response.additional_properties = d
        return advance_response

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
