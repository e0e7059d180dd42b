from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.reason_dto import ReasonDto
from ..models.ticket_kind_dto import TicketKindDto
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.evidence_dto import EvidenceDto
    from ..models.money_dto import MoneyDto
    from ..models.ticket_line_dto import TicketLineDto


T = TypeVar("T", bound="OpenTicketRequest")


@_attrs_define
class OpenTicketRequest:
    """A buyer's after-sales request on an order (or some of its items).

    Attributes:
        kind (TicketKindDto): What the buyer asks for.
        reason (ReasonDto): Why the buyer asks.
        ticket_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ . :, starting with a
            letter or digit, never `..`
        amount (MoneyDto | None | Unset):
        description (str | Unset):
        evidence (list[EvidenceDto] | Unset):
        items (list[str | TicketLineDto] | Unset): Lines and quantities the request is about; empty means every unit
            still open.
    """

    kind: TicketKindDto
    reason: ReasonDto
    ticket_id: str
    amount: MoneyDto | None | Unset = UNSET
    description: str | Unset = UNSET
    evidence: list[EvidenceDto] | Unset = UNSET
    items: list[str | TicketLineDto] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.money_dto import MoneyDto  # noqa: PLC0415
        from ..models.ticket_line_dto import TicketLineDto  # noqa: PLC0415

        kind = self.kind.value

        reason = self.reason.value

        ticket_id = self.ticket_id

        amount: dict[str, Any] | None | Unset
        if isinstance(self.amount, Unset):
            amount = UNSET
        elif isinstance(self.amount, MoneyDto):
            amount = self.amount.to_dict()
        else:
            amount = self.amount

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
                "kind": kind,
                "reason": reason,
                "ticket_id": ticket_id,
            }
        )
        if amount is not UNSET:
            field_dict["amount"] = amount
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
        kind = TicketKindDto(d.pop("kind"))

        reason = ReasonDto(d.pop("reason"))

        ticket_id = d.pop("ticket_id")

        def _parse_amount(data: object) -> MoneyDto | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                amount_type_0 = MoneyDto.from_dict(data)

                return amount_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MoneyDto | None | Unset, data)

        amount = _parse_amount(d.pop("amount", UNSET))

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

        open_ticket_request = cls(
            kind=kind,
            reason=reason,
            ticket_id=ticket_id,
            amount=amount,
            description=description,
            evidence=evidence,
            items=items,
        )

        return open_ticket_request
