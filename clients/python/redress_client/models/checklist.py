from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.checklist_line import ChecklistLine


T = TypeVar("T", bound="Checklist")


@_attrs_define
class Checklist:
    """What each side must show, and what is still missing. A buyer's key is shown only its
    own side: the merchant's list is empty for it.

        Attributes:
            buyer (list[ChecklistLine]):
            merchant (list[ChecklistLine]):
    """

    buyer: list[ChecklistLine]
    merchant: list[ChecklistLine]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        buyer = []
        for buyer_item_data in self.buyer:
            buyer_item = buyer_item_data.to_dict()
            buyer.append(buyer_item)

        merchant = []
        for merchant_item_data in self.merchant:
            merchant_item = merchant_item_data.to_dict()
            merchant.append(merchant_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "buyer": buyer,
                "merchant": merchant,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.checklist_line import ChecklistLine  # noqa: PLC0415

        d = dict(src_dict)
        buyer = []
        _buyer = d.pop("buyer")
        for buyer_item_data in _buyer:
            buyer_item = ChecklistLine.from_dict(buyer_item_data)

            buyer.append(buyer_item)

        merchant = []
        _merchant = d.pop("merchant")
        for merchant_item_data in _merchant:
            merchant_item = ChecklistLine.from_dict(merchant_item_data)

            merchant.append(merchant_item)

        checklist = cls(
            buyer=buyer,
            merchant=merchant,
        )

        checklist.additional_properties = d
        return checklist

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
