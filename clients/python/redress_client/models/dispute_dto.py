from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.verdict_dto import VerdictDto
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.dispute_evidence_dto import DisputeEvidenceDto


T = TypeVar("T", bound="DisputeDto")


@_attrs_define
class DisputeDto:
    """The platform's intervention (平台介入).

    Attributes:
        cancellations (int):
        evidence (list[DisputeEvidenceDto]):
        first_requested_at (str):
        merchant_responsible (bool): A merchant-responsible dispute (商责纠纷): verdict merchant or both, or a settled
            dispute that a re-check found the merchant's.
        open_ (bool):
        opened_by (str):
        rounds (int):
        phase (None | str | Unset): While open: `evidence` (both sides may add evidence until the deadline) or
            `awaiting_verdict` (the window closed; the arbitrator decides).
        recheck (None | str | Unset): A platform re-check of a merchant-settled dispute.
        resolution (None | str | Unset): `settled_by_merchant` or `decided`, once it ended.
        settled_at (None | str | Unset):
        verdict (None | Unset | VerdictDto):
    """

    cancellations: int
    evidence: list[DisputeEvidenceDto]
    first_requested_at: str
    merchant_responsible: bool
    open_: bool
    opened_by: str
    rounds: int
    phase: None | str | Unset = UNSET
    recheck: None | str | Unset = UNSET
    resolution: None | str | Unset = UNSET
    settled_at: None | str | Unset = UNSET
    verdict: None | Unset | VerdictDto = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cancellations = self.cancellations

        evidence = []
        for evidence_item_data in self.evidence:
            evidence_item = evidence_item_data.to_dict()
            evidence.append(evidence_item)

        first_requested_at = self.first_requested_at

        merchant_responsible = self.merchant_responsible

        open_ = self.open_

        opened_by = self.opened_by

        rounds = self.rounds

        phase: None | str | Unset
        if isinstance(self.phase, Unset):
            phase = UNSET
        else:
            phase = self.phase

        recheck: None | str | Unset
        if isinstance(self.recheck, Unset):
            recheck = UNSET
        else:
            recheck = self.recheck

        resolution: None | str | Unset
        if isinstance(self.resolution, Unset):
            resolution = UNSET
        else:
            resolution = self.resolution

        settled_at: None | str | Unset
        if isinstance(self.settled_at, Unset):
            settled_at = UNSET
        else:
            settled_at = self.settled_at

        verdict: None | str | Unset
        if isinstance(self.verdict, Unset):
            verdict = UNSET
        elif isinstance(self.verdict, VerdictDto):
            verdict = self.verdict.value
        else:
            verdict = self.verdict

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cancellations": cancellations,
                "evidence": evidence,
                "first_requested_at": first_requested_at,
                "merchant_responsible": merchant_responsible,
                "open": open_,
                "opened_by": opened_by,
                "rounds": rounds,
            }
        )
        if phase is not UNSET:
            field_dict["phase"] = phase
        if recheck is not UNSET:
            field_dict["recheck"] = recheck
        if resolution is not UNSET:
            field_dict["resolution"] = resolution
        if settled_at is not UNSET:
            field_dict["settled_at"] = settled_at
        if verdict is not UNSET:
            field_dict["verdict"] = verdict

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dispute_evidence_dto import DisputeEvidenceDto  # noqa: PLC0415

        d = dict(src_dict)
        cancellations = d.pop("cancellations")

        evidence = []
        _evidence = d.pop("evidence")
        for evidence_item_data in _evidence:
            evidence_item = DisputeEvidenceDto.from_dict(evidence_item_data)

            evidence.append(evidence_item)

        first_requested_at = d.pop("first_requested_at")

        merchant_responsible = d.pop("merchant_responsible")

        open_ = d.pop("open")

        opened_by = d.pop("opened_by")

        rounds = d.pop("rounds")

        def _parse_phase(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phase = _parse_phase(d.pop("phase", UNSET))

        def _parse_recheck(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        recheck = _parse_recheck(d.pop("recheck", UNSET))

        def _parse_resolution(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        resolution = _parse_resolution(d.pop("resolution", UNSET))

        def _parse_settled_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        settled_at = _parse_settled_at(d.pop("settled_at", UNSET))

        def _parse_verdict(data: object) -> None | Unset | VerdictDto:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                verdict_type_0 = VerdictDto(data)

                return verdict_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | VerdictDto, data)

        verdict = _parse_verdict(d.pop("verdict", UNSET))

        dispute_dto = cls(
            cancellations=cancellations,
            evidence=evidence,
            first_requested_at=first_requested_at,
            merchant_responsible=merchant_responsible,
            open_=open_,
            opened_by=opened_by,
            rounds=rounds,
            phase=phase,
            recheck=recheck,
            resolution=resolution,
            settled_at=settled_at,
            verdict=verdict,
        )

        dispute_dto.additional_properties = d
        return dispute_dto

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
