from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.fulfilment_stage_dto import FulfilmentStageDto
from ..models.signer_dto import SignerDto
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.parcel_line_dto import ParcelLineDto


T = TypeVar("T", bound="ParcelDto")


@_attrs_define
class ParcelDto:
    """One outbound parcel: its tracking, journey, signer and lines.

    Attributes:
        id (str):
        lines (list[ParcelLineDto]):
        since (str): When it reached its present state (RFC 3339).
        stage (FulfilmentStageDto): The outbound parcel's coarse stage.
        state (str): The parcel's state in detail: shipped, in_transit, delivered, refused,
            returned_to_sender or intercepted.
        signer (None | SignerDto | Unset):
        tracking (None | str | Unset):
    """

    id: str
    lines: list[ParcelLineDto]
    since: str
    stage: FulfilmentStageDto
    state: str
    signer: None | SignerDto | Unset = UNSET
    tracking: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        since = self.since

        stage = self.stage.value

        state = self.state

        signer: None | str | Unset
        if isinstance(self.signer, Unset):
            signer = UNSET
        elif isinstance(self.signer, SignerDto):
            signer = self.signer.value
        else:
            signer = self.signer

        tracking: None | str | Unset
        if isinstance(self.tracking, Unset):
            tracking = UNSET
        else:
            tracking = self.tracking

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "lines": lines,
                "since": since,
                "stage": stage,
                "state": state,
            }
        )
        if signer is not UNSET:
            field_dict["signer"] = signer
        if tracking is not UNSET:
            field_dict["tracking"] = tracking

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.parcel_line_dto import ParcelLineDto  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = ParcelLineDto.from_dict(lines_item_data)

            lines.append(lines_item)

        since = d.pop("since")

        stage = FulfilmentStageDto(d.pop("stage"))

        state = d.pop("state")

        def _parse_signer(data: object) -> None | SignerDto | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                signer_type_0 = SignerDto(data)

                return signer_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SignerDto | Unset, data)

        signer = _parse_signer(d.pop("signer", UNSET))

        def _parse_tracking(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tracking = _parse_tracking(d.pop("tracking", UNSET))

        parcel_dto = cls(
            id=id,
            lines=lines,
            since=since,
            stage=stage,
            state=state,
            signer=signer,
            tracking=tracking,
        )

        parcel_dto.additional_properties = d
        return parcel_dto

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
