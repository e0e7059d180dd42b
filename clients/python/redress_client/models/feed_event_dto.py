from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.feed_event_dto_type import FeedEventDtoType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.feed_event_dto_data import FeedEventDtoData


T = TypeVar("T", bound="FeedEventDto")


@_attrs_define
class FeedEventDto:
    """One event of the log.

    Attributes:
        actor (str): Who caused it: `buyer:ID`, `merchant:ID`, `arbitrator:ID`, `operator:ID`,
            `integration` or `system`.
        at (str):
        cursor (str): Pass as `after` to read on from this event.
        data (FeedEventDtoData): The event's fields (money as `{minor, currency}`, instants in RFC 3339).
        id (str): Stable across reads; equal to the webhook message id when the event is also announced.
        seq (int): The event's number within its order, merchant or buyer.
        type_ (FeedEventDtoType): `order.*` and `ticket.*` for an order and its tickets, `merchant.*`, `buyer.*`
        buyer_id (None | str | Unset): Set on a buyer's own events (`buyer.*`).
        merchant_id (None | str | Unset):
        order_id (None | str | Unset):
        ticket_id (None | str | Unset):
    """

    actor: str
    at: str
    cursor: str
    data: FeedEventDtoData
    id: str
    seq: int
    type_: FeedEventDtoType
    buyer_id: None | str | Unset = UNSET
    merchant_id: None | str | Unset = UNSET
    order_id: None | str | Unset = UNSET
    ticket_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actor = self.actor

        at = self.at

        cursor = self.cursor

        data = self.data.to_dict()

        id = self.id

        seq = self.seq

        type_ = self.type_.value

        buyer_id: None | str | Unset
        if isinstance(self.buyer_id, Unset):
            buyer_id = UNSET
        else:
            buyer_id = self.buyer_id

        merchant_id: None | str | Unset
        if isinstance(self.merchant_id, Unset):
            merchant_id = UNSET
        else:
            merchant_id = self.merchant_id

        order_id: None | str | Unset
        if isinstance(self.order_id, Unset):
            order_id = UNSET
        else:
            order_id = self.order_id

        ticket_id: None | str | Unset
        if isinstance(self.ticket_id, Unset):
            ticket_id = UNSET
        else:
            ticket_id = self.ticket_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actor": actor,
                "at": at,
                "cursor": cursor,
                "data": data,
                "id": id,
                "seq": seq,
                "type": type_,
            }
        )
        if buyer_id is not UNSET:
            field_dict["buyer_id"] = buyer_id
        if merchant_id is not UNSET:
            field_dict["merchant_id"] = merchant_id
        if order_id is not UNSET:
            field_dict["order_id"] = order_id
        if ticket_id is not UNSET:
            field_dict["ticket_id"] = ticket_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.feed_event_dto_data import FeedEventDtoData  # noqa: PLC0415

        d = dict(src_dict)
        actor = d.pop("actor")

        at = d.pop("at")

        cursor = d.pop("cursor")

        data = FeedEventDtoData.from_dict(d.pop("data"))

        id = d.pop("id")

        seq = d.pop("seq")

        type_ = FeedEventDtoType(d.pop("type"))

        def _parse_buyer_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        buyer_id = _parse_buyer_id(d.pop("buyer_id", UNSET))

        def _parse_merchant_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        merchant_id = _parse_merchant_id(d.pop("merchant_id", UNSET))

        def _parse_order_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        order_id = _parse_order_id(d.pop("order_id", UNSET))

        def _parse_ticket_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ticket_id = _parse_ticket_id(d.pop("ticket_id", UNSET))

        feed_event_dto = cls(
            actor=actor,
            at=at,
            cursor=cursor,
            data=data,
            id=id,
            seq=seq,
            type_=type_,
            buyer_id=buyer_id,
            merchant_id=merchant_id,
            order_id=order_id,
            ticket_id=ticket_id,
        )

        feed_event_dto.additional_properties = d
        return feed_event_dto

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
