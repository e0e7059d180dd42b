from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.reason_dto import ReasonDto
from ..models.return_shipping_dto import ReturnShippingDto
from ..models.ticket_kind_dto import TicketKindDto
from ..models.ticket_state_dto import TicketStateDto
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.checklist import Checklist
    from ..models.deadline_dto import DeadlineDto
    from ..models.dispute_dto import DisputeDto
    from ..models.evidence_dto import EvidenceDto
    from ..models.money_dto import MoneyDto
    from ..models.order_response import OrderResponse
    from ..models.rejection_dto import RejectionDto
    from ..models.return_parcel_dto import ReturnParcelDto
    from ..models.suggestion_dto import SuggestionDto
    from ..models.ticket_line_view import TicketLineView
    from ..models.timeline_entry import TimelineEntry


T = TypeVar("T", bound="TicketResponse")


@_attrs_define
class TicketResponse:
    """A ticket with its order, its evidence checklist and its timeline.

    Attributes:
        amount (MoneyDto): Money in integer minor units (fen for CNY) with its ISO 4217 currency.
        buyer_evidence (list[EvidenceDto]):
        course (str): What the ticket will do once approved: the kind asked for or an accepted remedy.
        description (str):
        evidence_checklist (Checklist): What each side must show, and what is still missing. A buyer's key is shown only
            its
            own side: the merchant's list is empty for it.
        id (str):
        items (list[str]): The ids of `lines`, in order (the shape before issue 18).
        kind (TicketKindDto): What the buyer asks for.
        lines (list[TicketLineView]): The lines the ticket holds: units, share of `amount`, and what was refunded on
            each.
        messages (int): How many messages its thread holds (`GET /v1/tickets/{ticket_id}/messages`).
        notes (list[str]):
        opened_at (str):
        order (OrderResponse): What the order looks like now.
        overdue_approved (bool):
        policy_version (int): The policy version its latest decision (and so its deadline and any automatic
            approval) was made under, see `GET /v1/policy/versions`; 0 before versioned
            policies or under a policy that is not stored.
        reason (ReasonDto): Why the buyer asks.
        refunded (MoneyDto): Money in integer minor units (fen for CNY) with its ISO 4217 currency.
        shipping_fee (MoneyDto): Money in integer minor units (fen for CNY) with its ISO 4217 currency.
        state (TicketStateDto): A ticket's state.
        timeline (list[TimelineEntry]):
        version (int):
        auto_rule (None | str | Unset):
        deadline (DeadlineDto | None | Unset):
        decided_at (None | str | Unset):
        dispute (DisputeDto | None | Unset):
        ended_at (None | str | Unset): When it reached `refunded`, `completed` or `closed`.
        refund_alert (None | str | Unset):
        rejection (None | RejectionDto | Unset):
        return_address (None | str | Unset): Where the return goes: the ticket's own address, else the shop's. A buyer's
            key sees
            it only once a return is agreed (待买家退货 until the return is accepted).
        return_parcel (None | ReturnParcelDto | Unset):
        return_shipping (None | ReturnShippingDto | Unset):
        return_signed_at (None | str | Unset):
        suggestion (None | SuggestionDto | Unset):
    """

    amount: MoneyDto
    buyer_evidence: list[EvidenceDto]
    course: str
    description: str
    evidence_checklist: Checklist
    id: str
    items: list[str]
    kind: TicketKindDto
    lines: list[TicketLineView]
    messages: int
    notes: list[str]
    opened_at: str
    order: OrderResponse
    overdue_approved: bool
    policy_version: int
    reason: ReasonDto
    refunded: MoneyDto
    shipping_fee: MoneyDto
    state: TicketStateDto
    timeline: list[TimelineEntry]
    version: int
    auto_rule: None | str | Unset = UNSET
    deadline: DeadlineDto | None | Unset = UNSET
    decided_at: None | str | Unset = UNSET
    dispute: DisputeDto | None | Unset = UNSET
    ended_at: None | str | Unset = UNSET
    refund_alert: None | str | Unset = UNSET
    rejection: None | RejectionDto | Unset = UNSET
    return_address: None | str | Unset = UNSET
    return_parcel: None | ReturnParcelDto | Unset = UNSET
    return_shipping: None | ReturnShippingDto | Unset = UNSET
    return_signed_at: None | str | Unset = UNSET
    suggestion: None | SuggestionDto | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.deadline_dto import DeadlineDto  # noqa: PLC0415
        from ..models.dispute_dto import DisputeDto  # noqa: PLC0415
        from ..models.rejection_dto import RejectionDto  # noqa: PLC0415
        from ..models.return_parcel_dto import ReturnParcelDto  # noqa: PLC0415
        from ..models.suggestion_dto import SuggestionDto  # noqa: PLC0415

        amount = self.amount.to_dict()

        buyer_evidence = []
        for buyer_evidence_item_data in self.buyer_evidence:
            buyer_evidence_item = buyer_evidence_item_data.to_dict()
            buyer_evidence.append(buyer_evidence_item)

        course = self.course

        description = self.description

        evidence_checklist = self.evidence_checklist.to_dict()

        id = self.id

        items = self.items

        kind = self.kind.value

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        messages = self.messages

        notes = self.notes

        opened_at = self.opened_at

        order = self.order.to_dict()

        overdue_approved = self.overdue_approved

        policy_version = self.policy_version

        reason = self.reason.value

        refunded = self.refunded.to_dict()

        shipping_fee = self.shipping_fee.to_dict()

        state = self.state.value

        timeline = []
        for timeline_item_data in self.timeline:
            timeline_item = timeline_item_data.to_dict()
            timeline.append(timeline_item)

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

        dispute: dict[str, Any] | None | Unset
        if isinstance(self.dispute, Unset):
            dispute = UNSET
        elif isinstance(self.dispute, DisputeDto):
            dispute = self.dispute.to_dict()
        else:
            dispute = self.dispute

        ended_at: None | str | Unset
        if isinstance(self.ended_at, Unset):
            ended_at = UNSET
        else:
            ended_at = self.ended_at

        refund_alert: None | str | Unset
        if isinstance(self.refund_alert, Unset):
            refund_alert = UNSET
        else:
            refund_alert = self.refund_alert

        rejection: dict[str, Any] | None | Unset
        if isinstance(self.rejection, Unset):
            rejection = UNSET
        elif isinstance(self.rejection, RejectionDto):
            rejection = self.rejection.to_dict()
        else:
            rejection = self.rejection

        return_address: None | str | Unset
        if isinstance(self.return_address, Unset):
            return_address = UNSET
        else:
            return_address = self.return_address

        return_parcel: dict[str, Any] | None | Unset
        if isinstance(self.return_parcel, Unset):
            return_parcel = UNSET
        elif isinstance(self.return_parcel, ReturnParcelDto):
            return_parcel = self.return_parcel.to_dict()
        else:
            return_parcel = self.return_parcel

        return_shipping: None | str | Unset
        if isinstance(self.return_shipping, Unset):
            return_shipping = UNSET
        elif isinstance(self.return_shipping, ReturnShippingDto):
            return_shipping = self.return_shipping.value
        else:
            return_shipping = self.return_shipping

        return_signed_at: None | str | Unset
        if isinstance(self.return_signed_at, Unset):
            return_signed_at = UNSET
        else:
            return_signed_at = self.return_signed_at

        suggestion: dict[str, Any] | None | Unset
        if isinstance(self.suggestion, Unset):
            suggestion = UNSET
        elif isinstance(self.suggestion, SuggestionDto):
            suggestion = self.suggestion.to_dict()
        else:
            suggestion = self.suggestion

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "buyer_evidence": buyer_evidence,
                "course": course,
                "description": description,
                "evidence_checklist": evidence_checklist,
                "id": id,
                "items": items,
                "kind": kind,
                "lines": lines,
                "messages": messages,
                "notes": notes,
                "opened_at": opened_at,
                "order": order,
                "overdue_approved": overdue_approved,
                "policy_version": policy_version,
                "reason": reason,
                "refunded": refunded,
                "shipping_fee": shipping_fee,
                "state": state,
                "timeline": timeline,
                "version": version,
            }
        )
        if auto_rule is not UNSET:
            field_dict["auto_rule"] = auto_rule
        if deadline is not UNSET:
            field_dict["deadline"] = deadline
        if decided_at is not UNSET:
            field_dict["decided_at"] = decided_at
        if dispute is not UNSET:
            field_dict["dispute"] = dispute
        if ended_at is not UNSET:
            field_dict["ended_at"] = ended_at
        if refund_alert is not UNSET:
            field_dict["refund_alert"] = refund_alert
        if rejection is not UNSET:
            field_dict["rejection"] = rejection
        if return_address is not UNSET:
            field_dict["return_address"] = return_address
        if return_parcel is not UNSET:
            field_dict["return_parcel"] = return_parcel
        if return_shipping is not UNSET:
            field_dict["return_shipping"] = return_shipping
        if return_signed_at is not UNSET:
            field_dict["return_signed_at"] = return_signed_at
        if suggestion is not UNSET:
            field_dict["suggestion"] = suggestion

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.checklist import Checklist  # noqa: PLC0415
        from ..models.deadline_dto import DeadlineDto  # noqa: PLC0415
        from ..models.dispute_dto import DisputeDto  # noqa: PLC0415
        from ..models.evidence_dto import EvidenceDto  # noqa: PLC0415
        from ..models.money_dto import MoneyDto  # noqa: PLC0415
        from ..models.order_response import OrderResponse  # noqa: PLC0415
        from ..models.rejection_dto import RejectionDto  # noqa: PLC0415
        from ..models.return_parcel_dto import ReturnParcelDto  # noqa: PLC0415
        from ..models.suggestion_dto import SuggestionDto  # noqa: PLC0415
        from ..models.ticket_line_view import TicketLineView  # noqa: PLC0415
        from ..models.timeline_entry import TimelineEntry  # noqa: PLC0415

        d = dict(src_dict)
        amount = MoneyDto.from_dict(d.pop("amount"))

        buyer_evidence = []
        _buyer_evidence = d.pop("buyer_evidence")
        for buyer_evidence_item_data in _buyer_evidence:
            buyer_evidence_item = EvidenceDto.from_dict(buyer_evidence_item_data)

            buyer_evidence.append(buyer_evidence_item)

        course = d.pop("course")

        description = d.pop("description")

        evidence_checklist = Checklist.from_dict(d.pop("evidence_checklist"))

        id = d.pop("id")

        items = cast(list[str], d.pop("items"))

        kind = TicketKindDto(d.pop("kind"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = TicketLineView.from_dict(lines_item_data)

            lines.append(lines_item)

        messages = d.pop("messages")

        notes = cast(list[str], d.pop("notes"))

        opened_at = d.pop("opened_at")

        order = OrderResponse.from_dict(d.pop("order"))

        overdue_approved = d.pop("overdue_approved")

        policy_version = d.pop("policy_version")

        reason = ReasonDto(d.pop("reason"))

        refunded = MoneyDto.from_dict(d.pop("refunded"))

        shipping_fee = MoneyDto.from_dict(d.pop("shipping_fee"))

        state = TicketStateDto(d.pop("state"))

        timeline = []
        _timeline = d.pop("timeline")
        for timeline_item_data in _timeline:
            timeline_item = TimelineEntry.from_dict(timeline_item_data)

            timeline.append(timeline_item)

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

        def _parse_dispute(data: object) -> DisputeDto | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                dispute_type_0 = DisputeDto.from_dict(data)

                return dispute_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DisputeDto | None | Unset, data)

        dispute = _parse_dispute(d.pop("dispute", UNSET))

        def _parse_ended_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ended_at = _parse_ended_at(d.pop("ended_at", UNSET))

        def _parse_refund_alert(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        refund_alert = _parse_refund_alert(d.pop("refund_alert", UNSET))

        def _parse_rejection(data: object) -> None | RejectionDto | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                rejection_type_0 = RejectionDto.from_dict(data)

                return rejection_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RejectionDto | Unset, data)

        rejection = _parse_rejection(d.pop("rejection", UNSET))

        def _parse_return_address(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        return_address = _parse_return_address(d.pop("return_address", UNSET))

        def _parse_return_parcel(data: object) -> None | ReturnParcelDto | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                return_parcel_type_0 = ReturnParcelDto.from_dict(data)

                return return_parcel_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReturnParcelDto | Unset, data)

        return_parcel = _parse_return_parcel(d.pop("return_parcel", UNSET))

        def _parse_return_shipping(data: object) -> None | ReturnShippingDto | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                return_shipping_type_0 = ReturnShippingDto(data)

                return return_shipping_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReturnShippingDto | Unset, data)

        return_shipping = _parse_return_shipping(d.pop("return_shipping", UNSET))

        def _parse_return_signed_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        return_signed_at = _parse_return_signed_at(d.pop("return_signed_at", UNSET))

        def _parse_suggestion(data: object) -> None | SuggestionDto | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                suggestion_type_0 = SuggestionDto.from_dict(data)

                return suggestion_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SuggestionDto | Unset, data)

        suggestion = _parse_suggestion(d.pop("suggestion", UNSET))

        ticket_response = cls(
            amount=amount,
            buyer_evidence=buyer_evidence,
            course=course,
            description=description,
            evidence_checklist=evidence_checklist,
            id=id,
            items=items,
            kind=kind,
            lines=lines,
            messages=messages,
            notes=notes,
            opened_at=opened_at,
            order=order,
            overdue_approved=overdue_approved,
            policy_version=policy_version,
            reason=reason,
            refunded=refunded,
            shipping_fee=shipping_fee,
            state=state,
            timeline=timeline,
            version=version,
            auto_rule=auto_rule,
            deadline=deadline,
            decided_at=decided_at,
            dispute=dispute,
            ended_at=ended_at,
            refund_alert=refund_alert,
            rejection=rejection,
            return_address=return_address,
            return_parcel=return_parcel,
            return_shipping=return_shipping,
            return_signed_at=return_signed_at,
            suggestion=suggestion,
        )

        ticket_response.additional_properties = d
        return ticket_response

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
