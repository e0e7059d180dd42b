from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.strategy_dto import StrategyDto


T = TypeVar("T", bound="MerchantResponse")


@_attrs_define
class MerchantResponse:
    """A merchant's after-sales settings.

    Attributes:
        fast_refund_opted_in (bool):
        id (str):
        platform_fast_refund_excluded (bool):
        strategies (list[StrategyDto]):
        version (int):
        name (None | str | Unset): The shop's display name (店铺名称), once one was set (`PUT .../name`).
        refund_handling_closed (None | str | Unset): Why the platform closed the merchant's refund handling, while it is
            closed.
        return_address (None | str | Unset): Where buyers send returns, unless a ticket names its own
            (`set_return_address`);
            shown to the buyer once a return is agreed.
        terminated_by (None | str | Unset): The penalty that removed the merchant from the platform (seed 004 三: 清除平台、终止
            合作), while it stands.
    """

    fast_refund_opted_in: bool
    id: str
    platform_fast_refund_excluded: bool
    strategies: list[StrategyDto]
    version: int
    name: None | str | Unset = UNSET
    refund_handling_closed: None | str | Unset = UNSET
    return_address: None | str | Unset = UNSET
    terminated_by: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        fast_refund_opted_in = self.fast_refund_opted_in

        id = self.id

        platform_fast_refund_excluded = self.platform_fast_refund_excluded

        strategies = []
        for strategies_item_data in self.strategies:
            strategies_item = strategies_item_data.to_dict()
            strategies.append(strategies_item)

        version = self.version

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        refund_handling_closed: None | str | Unset
        if isinstance(self.refund_handling_closed, Unset):
            refund_handling_closed = UNSET
        else:
            refund_handling_closed = self.refund_handling_closed

        return_address: None | str | Unset
        if isinstance(self.return_address, Unset):
            return_address = UNSET
        else:
            return_address = self.return_address

        terminated_by: None | str | Unset
        if isinstance(self.terminated_by, Unset):
            terminated_by = UNSET
        else:
            terminated_by = self.terminated_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "fast_refund_opted_in": fast_refund_opted_in,
                "id": id,
                "platform_fast_refund_excluded": platform_fast_refund_excluded,
                "strategies": strategies,
                "version": version,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if refund_handling_closed is not UNSET:
            field_dict["refund_handling_closed"] = refund_handling_closed
        if return_address is not UNSET:
            field_dict["return_address"] = return_address
        if terminated_by is not UNSET:
            field_dict["terminated_by"] = terminated_by

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.strategy_dto import StrategyDto  # noqa: PLC0415

        d = dict(src_dict)
        fast_refund_opted_in = d.pop("fast_refund_opted_in")

        id = d.pop("id")

        platform_fast_refund_excluded = d.pop("platform_fast_refund_excluded")

        strategies = []
        _strategies = d.pop("strategies")
        for strategies_item_data in _strategies:
            strategies_item = StrategyDto.from_dict(strategies_item_data)

            strategies.append(strategies_item)

        version = d.pop("version")

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_refund_handling_closed(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        refund_handling_closed = _parse_refund_handling_closed(d.pop("refund_handling_closed", UNSET))

        def _parse_return_address(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        return_address = _parse_return_address(d.pop("return_address", UNSET))

        def _parse_terminated_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        terminated_by = _parse_terminated_by(d.pop("terminated_by", UNSET))

        merchant_response = cls(
            fast_refund_opted_in=fast_refund_opted_in,
            id=id,
            platform_fast_refund_excluded=platform_fast_refund_excluded,
            strategies=strategies,
            version=version,
            name=name,
            refund_handling_closed=refund_handling_closed,
            return_address=return_address,
            terminated_by=terminated_by,
        )

        merchant_response.additional_properties = d
        return merchant_response

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
