from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.reason_dto import ReasonDto
from ..models.ticket_kind_dto import TicketKindDto
from ..models.ticket_state_dto import TicketStateDto
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deadline_dto import DeadlineDto
    from ..models.money_dto import MoneyDto


T = TypeVar("T", bound="TicketSummary")


@_attrs_define
class TicketSummary:
    """A ticket as the queue lists it.

    Attributes:
        amount (MoneyDto): Money in integer minor units (fen for CNY) with its ISO 4217 currency.
        buyer_id (str):
        course (str):
        id (str):
        kind (TicketKindDto): What the buyer asks for.
        merchant_id (str):
        opened_at (str):
        order_id (str):
        overdue_approved (bool): Approved because the merchant let its deadline pass (逾期自动同意).
        reason (ReasonDto): Why the buyer asks.
        refunded (MoneyDto): Money in integer minor units (fen for CNY) with its ISO 4217 currency.
        state (TicketStateDto): A ticket's state.
        updated_at (str): When the last event on the ticket happened.
        version (int): The ticket's version: pass it as `If-Match` to act only on what you saw.
        auto_rule (None | str | Unset): The automatic policy or strategy that approved it, if one did.
        deadline (DeadlineDto | None | Unset):
        decided_at (None | str | Unset):
        disputed_at (None | str | Unset): When the buyer first asked the platform to step in.
        refund_alert (None | str | Unset): The last refund attempt failed (退款异常).
        return_signed_at (None | str | Unset):
    """

    amount: MoneyDto
    buyer_id: str
    course: str
    id: str
    kind: TicketKindDto
    merchant_id: str
    opened_at: str
    order_id: str
    overdue_approved: bool
    reason: ReasonDto
    refunded: MoneyDto
    state: TicketStateDto
    updated_at: str
    version: int
    auto_rule: None | str | Unset = UNSET
    deadline: DeadlineDto | None | Unset = UNSET
    decided_at: None | str | Unset = UNSET
    disputed_at: None | str | Unset = UNSET
    refund_alert: None | str | Unset = UNSET
    return_signed_at: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.deadline_dto import DeadlineDto  # noqa: PLC0415

        amount = self.amount.to_dict()

        buyer_id = self.buyer_id

        course = self.course

        id = self.id

        kind = self.kind.value

        merchant_id = self.merchant_id

        opened_at = self.opened_at

        order_id = self.order_id

        overdue_approved = self.overdue_approved

        reason = self.reason.value

        refunded = self.refunded.to_dict()

        state = self.state.value

        updated_at = self.updated_at

        version = self.version

        auto_rule: None | str | Unset
        if isinstance(self.auto_rule, Unset):
            auto_rule = UNSET
        else:
            auto_rule = self.auto_rule

        deadline: dict[str, Any] | None | Unset
        if isinstance(self.deadline, Unset):
            deadline = UNSET
        elif isinstance(self.deadline, DeadlineDto):
            deadline = self.deadline.to_dict()
        else:
            deadline = self.deadline

        decided_at: None | str | Unset
        if isinstance(self.decided_at, Unset):
            decided_at = UNSET
        else:
            decided_at = self.decided_at

        disputed_at: None | str | Unset
        if isinstance(self.disputed_at, Unset):
            disputed_at = UNSET
        else:
            disputed_at = self.disputed_at

        refund_alert: None | str | Unset
        if isinstance(self.refund_alert, Unset):
            refund_alert = UNSET
        else:
            refund_alert = self.refund_alert

        return_signed_at: None | str | Unset
        if isinstance(self.return_signed_at, Unset):
            return_signed_at = UNSET
        else:
            return_signed_at = self.return_signed_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "buyer_id": buyer_id,
                "course": course,
                "id": id,
                "kind": kind,
                "merchant_id": merchant_id,
                "opened_at": opened_at,
                "order_id": order_id,
                "overdue_approved": overdue_approved,
                "reason": reason,
                "refunded": refunded,
                "state": state,
                "updated_at": updated_at,
                "version": version,
            }
        )
        if auto_rule is not UNSET:
            field_dict["auto_rule"] = auto_rule
        if deadline is not UNSET:
            field_dict["deadline"] = deadline
        if decided_at is not UNSET:
            field_dict["decided_at"] = decided_at
        if disputed_at is not UNSET:
            field_dict["disputed_at"] = disputed_at
        if refund_alert is not UNSET:
            field_dict["refund_alert"] = refund_alert
        if return_signed_at is not UNSET:
            field_dict["return_signed_at"] = return_signed_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deadline_dto import DeadlineDto  # noqa: PLC0415
        from ..models.money_dto import MoneyDto  # noqa: PLC0415

        d = dict(src_dict)
        amount = MoneyDto.from_dict(d.pop("amount"))

        buyer_id = d.pop("buyer_id")

        course = d.pop("course")

        id = d.pop("id")

        kind = TicketKindDto(d.pop("kind"))

        merchant_id = d.pop("merchant_id")

        opened_at = d.pop("opened_at")

        order_id = d.pop("order_id")

        overdue_approved = d.pop("overdue_approved")

        reason = ReasonDto(d.pop("reason"))

        refunded = MoneyDto.from_dict(d.pop("refunded"))

        state = TicketStateDto(d.pop("state"))

        updated_at = d.pop("updated_at")

        version = d.pop("version")

        def _parse_auto_rule(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        auto_rule = _parse_auto_rule(d.pop("auto_rule", UNSET))

        def _parse_deadline(data: object) -> DeadlineDto | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                deadline_type_0 = DeadlineDto.from_dict(data)

                return deadline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DeadlineDto | None | Unset, data)

        deadline = _parse_deadline(d.pop("deadline", UNSET))

        def _parse_decided_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        decided_at = _parse_decided_at(d.pop("decided_at", UNSET))

        def _parse_disputed_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        disputed_at = _parse_disputed_at(d.pop("disputed_at", UNSET))

        def _parse_refund_alert(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        refund_alert = _parse_refund_alert(d.pop("refund_alert", UNSET))

        def _parse_return_signed_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        return_signed_at = _parse_return_signed_at(d.pop("return_signed_at", UNSET))

        ticket_summary = cls(
            amount=amount,
            buyer_id=buyer_id,
            course=course,
            id=id,
            kind=kind,
            merchant_id=merchant_id,
            opened_at=opened_at,
            order_id=order_id,
            overdue_approved=overdue_approved,
            reason=reason,
            refunded=refunded,
            state=state,
            updated_at=updated_at,
            version=version,
            auto_rule=auto_rule,
            deadline=deadline,
            decided_at=decided_at,
            disputed_at=disputed_at,
            refund_alert=refund_alert,
            return_signed_at=return_signed_at,
        )

        ticket_summary.additional_properties = d
        return ticket_summary

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
