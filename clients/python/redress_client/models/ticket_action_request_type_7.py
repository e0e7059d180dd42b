from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.reason_dto import ReasonDto
from ..models.ticket_action_request_type_7_type import TicketActionRequestType7Type
from ..models.ticket_kind_dto import TicketKindDto
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.evidence_dto import EvidenceDto
    from ..models.money_dto import MoneyDto
    from ..models.ticket_line_dto import TicketLineDto


T = TypeVar("T", bound="TicketActionRequestType7")


@_attrs_define
class TicketActionRequestType7:
    """Buyer: edit and resubmit the request.

    Attributes:
        amount (MoneyDto): Money in integer minor units (fen for CNY) with its ISO 4217 currency.
        kind (TicketKindDto): What the buyer asks for.
        reason (ReasonDto): Why the buyer asks.
        type_ (TicketActionRequestType7Type):
        description (str | Unset):
        evidence (list[EvidenceDto] | Unset):
        items (list[str | TicketLineDto] | Unset):
    """

    amount: MoneyDto
    kind: TicketKindDto
    reason: ReasonDto
    type_: TicketActionRequestType7Type
    description: str | Unset = UNSET
    evidence: list[EvidenceDto] | Unset = UNSET
    items: list[str | TicketLineDto] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.ticket_line_dto import TicketLineDto  # noqa: PLC0415

        amount = self.amount.to_dict()

        kind = self.kind.value

        reason = self.reason.value

        type_ = self.type_.value

        description = self.description

        evidence: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.evidence, Unset):
            evidence = []
            for evidence_item_data in self.evidence:
                evidence_item = evidence_item_data.to_dict()
                evidence.append(evidence_item)

        items: list[dict[str, Any] | str] | Unset = UNSET
        if not isinstance(self.items, Unset):
            items = []
            for items_item_data in self.items:
                items_item: dict[str, Any] | str
                if isinstance(items_item_data, TicketLineDto):
                    items_item = items_item_data.to_dict()
                else:
                    items_item = items_item_data
                items.append(items_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "kind": kind,
                "reason": reason,
                "type": type_,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if evidence is not UNSET:
            field_dict["evidence"] = evidence
        if items is not UNSET:
            field_dict["items"] = items

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evidence_dto import EvidenceDto  # noqa: PLC0415
        from ..models.money_dto import MoneyDto  # noqa: PLC0415
        from ..models.ticket_line_dto import TicketLineDto  # noqa: PLC0415

        d = dict(src_dict)
        amount = MoneyDto.from_dict(d.pop("amount"))

        kind = TicketKindDto(d.pop("kind"))

        reason = ReasonDto(d.pop("reason"))

        type_ = TicketActionRequestType7Type(d.pop("type"))

        description = d.pop("description", UNSET)

        _evidence = d.pop("evidence", UNSET)
        evidence: list[EvidenceDto] | Unset = UNSET
        if _evidence is not UNSET:
            evidence = []
            for evidence_item_data in _evidence:
                evidence_item = EvidenceDto.from_dict(evidence_item_data)

                evidence.append(evidence_item)

        _items = d.pop("items", UNSET)
        items: list[str | TicketLineDto] | Unset = UNSET
        if _items is not UNSET:
            items = []
            for items_item_data in _items:

                def _parse_items_item(data: object) -> str | TicketLineDto:
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_ticket_line_request_type_0 = TicketLineDto.from_dict(data)

                        return componentsschemas_ticket_line_request_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    return cast(str | TicketLineDto, data)

                items_item = _parse_items_item(items_item_data)

                items.append(items_item)

        ticket_action_request_type_7 = cls(
            amount=amount,
            kind=kind,
            reason=reason,
            type_=type_,
            description=description,
            evidence=evidence,
            items=items,
        )

        return ticket_action_request_type_7
