from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.ticket_action_request_type_3_type import TicketActionRequestType3Type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.remedy_dto_type_0 import RemedyDtoType0
    from ..models.remedy_dto_type_1 import RemedyDtoType1
    from ..models.remedy_dto_type_2 import RemedyDtoType2
    from ..models.remedy_dto_type_3 import RemedyDtoType3


T = TypeVar("T", bound="TicketActionRequestType3")


@_attrs_define
class TicketActionRequestType3:
    """Merchant: propose exchange, repair, reship or partial compensation instead.

    Attributes:
        remedy (RemedyDtoType0 | RemedyDtoType1 | RemedyDtoType2 | RemedyDtoType3): A remedy the merchant proposes
            instead of what was asked.
        type_ (TicketActionRequestType3Type):
        note (str | Unset):
    """

    remedy: RemedyDtoType0 | RemedyDtoType1 | RemedyDtoType2 | RemedyDtoType3
    type_: TicketActionRequestType3Type
    note: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.remedy_dto_type_0 import RemedyDtoType0  # noqa: PLC0415
        from ..models.remedy_dto_type_1 import RemedyDtoType1  # noqa: PLC0415
        from ..models.remedy_dto_type_2 import RemedyDtoType2  # noqa: PLC0415

        remedy: dict[str, Any]
        if isinstance(self.remedy, RemedyDtoType0):
            remedy = self.remedy.to_dict()
        elif isinstance(self.remedy, RemedyDtoType1):
            remedy = self.remedy.to_dict()
        elif isinstance(self.remedy, RemedyDtoType2):
            remedy = self.remedy.to_dict()
        else:
            remedy = self.remedy.to_dict()

        type_ = self.type_.value

        note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "remedy": remedy,
                "type": type_,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.remedy_dto_type_0 import RemedyDtoType0  # noqa: PLC0415
        from ..models.remedy_dto_type_1 import RemedyDtoType1  # noqa: PLC0415
        from ..models.remedy_dto_type_2 import RemedyDtoType2  # noqa: PLC0415
        from ..models.remedy_dto_type_3 import RemedyDtoType3  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_remedy(data: object) -> RemedyDtoType0 | RemedyDtoType1 | RemedyDtoType2 | RemedyDtoType3:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_remedy_dto_type_0 = RemedyDtoType0.from_dict(data)

                return componentsschemas_remedy_dto_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_remedy_dto_type_1 = RemedyDtoType1.from_dict(data)

                return componentsschemas_remedy_dto_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_remedy_dto_type_2 = RemedyDtoType2.from_dict(data)

                return componentsschemas_remedy_dto_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_remedy_dto_type_3 = RemedyDtoType3.from_dict(data)

            return componentsschemas_remedy_dto_type_3

        remedy = _parse_remedy(d.pop("remedy"))

        type_ = TicketActionRequestType3Type(d.pop("type"))

        note = d.pop("note", UNSET)

        ticket_action_request_type_3 = cls(
            remedy=remedy,
            type_=type_,
            note=note,
        )

        return ticket_action_request_type_3
