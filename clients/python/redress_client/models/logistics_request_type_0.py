from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.logistics_request_type_0_type import LogisticsRequestType0Type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.ticket_line_dto import TicketLineDto


T = TypeVar("T", bound="LogisticsRequestType0")


@_attrs_define
class LogisticsRequestType0:
    """The merchant's tracking number is in the system: a new parcel, carrying the lines
    and units in `items` (left out: every unit in no parcel yet), counts as shipped.
    For a parcel already shipped and not yet on the road, a corrected number
    (`items` left out).

        Attributes:
            tracking (str):
            type_ (LogisticsRequestType0Type):
            items (list[str | TicketLineDto] | Unset):
            parcel_id (None | str | Unset):
    """

    tracking: str
    type_: LogisticsRequestType0Type
    items: list[str | TicketLineDto] | Unset = UNSET
    parcel_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.ticket_line_dto import TicketLineDto  # noqa: PLC0415

        tracking = self.tracking

        type_ = self.type_.value

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

        parcel_id: None | str | Unset
        if isinstance(self.parcel_id, Unset):
            parcel_id = UNSET
        else:
            parcel_id = self.parcel_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "tracking": tracking,
                "type": type_,
            }
        )
        if items is not UNSET:
            field_dict["items"] = items
        if parcel_id is not UNSET:
            field_dict["parcel_id"] = parcel_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ticket_line_dto import TicketLineDto  # noqa: PLC0415

        d = dict(src_dict)
        tracking = d.pop("tracking")

        type_ = LogisticsRequestType0Type(d.pop("type"))

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

        def _parse_parcel_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        parcel_id = _parse_parcel_id(d.pop("parcel_id", UNSET))

        logistics_request_type_0 = cls(
            tracking=tracking,
            type_=type_,
            items=items,
            parcel_id=parcel_id,
        )

        return logistics_request_type_0
