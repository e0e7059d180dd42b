from enum import StrEnum


class EvidenceKindDto(StrEnum):
    BRAND_AUTHORISATION = "brand_authorisation"
    CHAT_RECORDS = "chat_records"
    INSPECTION_REPORT = "inspection_report"
    LOGISTICS_TRACE = "logistics_trace"
    OTHER = "other"
    PACKING_VIDEO = "packing_video"
    PHOTOS = "photos"
    PURCHASE_PROOF = "purchase_proof"
    TRACKING_NUMBER = "tracking_number"

    def __str__(self) -> str:
        return str(self.value)
