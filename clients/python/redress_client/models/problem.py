from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.evidence_kind_dto import EvidenceKindDto
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_error import FieldError


T = TypeVar("T", bound="Problem")


@_attrs_define
class Problem:
    """An RFC 9457 problem document.

    Attributes:
        code (str): The stable code clients match on.
        detail (str):
        status (int):
        title (str):
        type_ (str): A URI naming the kind of problem: `urn:redress:problem:{code}`.
        errors (list[FieldError] | Unset):
        missing (list[EvidenceKindDto] | Unset): With `evidence_missing`: the kinds of evidence still required, so a
            client can ask
            for them without reading `detail`.
        sub_reason (None | str | Unset): With a refusal that has several reasons (`seven_day_not_applicable`,
            `refusal_not_applicable`, `remedy_not_applicable`): which one, as a stable snake_case
            code, so a client can branch without reading `detail`. Example: seven_days_passed.
    """

    code: str
    detail: str
    status: int
    title: str
    type_: str
    errors: list[FieldError] | Unset = UNSET
    missing: list[EvidenceKindDto] | Unset = UNSET
    sub_reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        detail = self.detail

        status = self.status

        title = self.title

        type_ = self.type_

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        missing: list[str] | Unset = UNSET
        if not isinstance(self.missing, Unset):
            missing = []
            for missing_item_data in self.missing:
                missing_item = missing_item_data.value
                missing.append(missing_item)

        sub_reason: None | str | Unset
        if isinstance(self.sub_reason, Unset):
            sub_reason = UNSET
        else:
            sub_reason = self.sub_reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "detail": detail,
                "status": status,
                "title": title,
                "type": type_,
            }
        )
        if errors is not UNSET:
            field_dict["errors"] = errors
        if missing is not UNSET:
            field_dict["missing"] = missing
        if sub_reason is not UNSET:
            field_dict["sub_reason"] = sub_reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_error import FieldError  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        detail = d.pop("detail")

        status = d.pop("status")

        title = d.pop("title")

        type_ = d.pop("type")

        _errors = d.pop("errors", UNSET)
        errors: list[FieldError] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = FieldError.from_dict(errors_item_data)

                errors.append(errors_item)

        _missing = d.pop("missing", UNSET)
        missing: list[EvidenceKindDto] | Unset = UNSET
        if _missing is not UNSET:
            missing = []
            for missing_item_data in _missing:
                missing_item = EvidenceKindDto(missing_item_data)

                missing.append(missing_item)

        def _parse_sub_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sub_reason = _parse_sub_reason(d.pop("sub_reason", UNSET))

        problem = cls(
            code=code,
            detail=detail,
            status=status,
            title=title,
            type_=type_,
            errors=errors,
            missing=missing,
            sub_reason=sub_reason,
        )

        problem.additional_properties = d
        return problem

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
