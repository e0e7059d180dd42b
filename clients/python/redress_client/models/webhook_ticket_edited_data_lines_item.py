from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WebhookTicketEditedDataLinesItem")


@_attrs_define
class WebhookTicketEditedDataLinesItem:
    """
    Attributes:
        amount_minor (int):
        item_id (str):
        quantity (int):
    """

    amount_minor: int
    item_id: str
    quantity: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        item_id = self.item_id

        quantity = self.quantity

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_minor": amount_minor,
                "item_id": item_id,
                "quantity": quantity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_minor = d.pop("amount_minor")

        item_id = d.pop("item_id")

        quantity = d.pop("quantity")

        webhook_ticket_edited_data_lines_item = cls(
            amount_minor=amount_minor,
            item_id=item_id,
            quantity=quantity,
        )

        webhook_ticket_edited_data_lines_item.additional_properties = d
        return webhook_ticket_edited_data_lines_item

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
