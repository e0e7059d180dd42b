"""Contains all the data models used in inputs/outputs"""

from .actor_dto import ActorDto
from .advance_request import AdvanceRequest
from .advance_response import AdvanceResponse
from .advance_response_deadlines_fired import AdvanceResponseDeadlinesFired
from .attempt_response import AttemptResponse
from .checklist import Checklist
from .checklist_line import ChecklistLine
from .clock_response import ClockResponse
from .completion_time_dto import CompletionTimeDto
from .condition_dto import ConditionDto
from .create_key_request import CreateKeyRequest
from .create_webhook_request import CreateWebhookRequest
from .day_dto import DayDto
from .deadline_dto import DeadlineDto
from .delivery_list import DeliveryList
from .delivery_response import DeliveryResponse
from .dispute_dto import DisputeDto
from .dispute_evidence_dto import DisputeEvidenceDto
from .dispute_rate_dto import DisputeRateDto
from .evaluation_request import EvaluationRequest
from .evaluation_response import EvaluationResponse
from .event_page import EventPage
from .evidence_dto import EvidenceDto
from .evidence_kind_dto import EvidenceKindDto
from .fast_refund_request import FastRefundRequest
from .feed_event_dto import FeedEventDto
from .feed_event_dto_data import FeedEventDtoData
from .feed_event_dto_type import FeedEventDtoType
from .field_error import FieldError
from .file_response import FileResponse
from .fulfilment_stage_dto import FulfilmentStageDto
from .health import Health
from .key_response import KeyResponse
from .leaderboard_page import LeaderboardPage
from .leaderboard_row import LeaderboardRow
from .logistics_request_type_0 import LogisticsRequestType0
from .logistics_request_type_0_event import LogisticsRequestType0Event
from .logistics_request_type_1 import LogisticsRequestType1
from .logistics_request_type_1_event import LogisticsRequestType1Event
from .logistics_request_type_2 import LogisticsRequestType2
from .logistics_request_type_2_event import LogisticsRequestType2Event
from .logistics_request_type_3 import LogisticsRequestType3
from .logistics_request_type_3_event import LogisticsRequestType3Event
from .logistics_request_type_4 import LogisticsRequestType4
from .logistics_request_type_4_event import LogisticsRequestType4Event
from .logistics_request_type_5 import LogisticsRequestType5
from .logistics_request_type_5_event import LogisticsRequestType5Event
from .logistics_request_type_6 import LogisticsRequestType6
from .logistics_request_type_6_event import LogisticsRequestType6Event
from .logistics_request_type_7 import LogisticsRequestType7
from .logistics_request_type_7_event import LogisticsRequestType7Event
from .logistics_request_type_8 import LogisticsRequestType8
from .logistics_request_type_8_event import LogisticsRequestType8Event
from .measure_dto_type_0 import MeasureDtoType0
from .measure_dto_type_0_measure import MeasureDtoType0Measure
from .measure_dto_type_1 import MeasureDtoType1
from .measure_dto_type_1_measure import MeasureDtoType1Measure
from .measure_dto_type_2 import MeasureDtoType2
from .measure_dto_type_2_measure import MeasureDtoType2Measure
from .measure_dto_type_3 import MeasureDtoType3
from .measure_dto_type_3_measure import MeasureDtoType3Measure
from .measure_dto_type_4 import MeasureDtoType4
from .measure_dto_type_4_measure import MeasureDtoType4Measure
from .measure_dto_type_5 import MeasureDtoType5
from .measure_dto_type_5_measure import MeasureDtoType5Measure
from .measure_dto_type_6 import MeasureDtoType6
from .measure_dto_type_6_measure import MeasureDtoType6Measure
from .measure_dto_type_7 import MeasureDtoType7
from .measure_dto_type_7_measure import MeasureDtoType7Measure
from .measure_dto_type_8 import MeasureDtoType8
from .measure_dto_type_8_measure import MeasureDtoType8Measure
from .merchant_response import MerchantResponse
from .metrics_response import MetricsResponse
from .money_dto import MoneyDto
from .open_ticket_request import OpenTicketRequest
from .order_item_dto import OrderItemDto
from .order_page import OrderPage
from .order_response import OrderResponse
from .order_summary import OrderSummary
from .overdue_dto import OverdueDto
from .penalty_dto import PenaltyDto
from .penalty_list import PenaltyList
from .penalty_text_request import PenaltyTextRequest
from .place_order_request import PlaceOrderRequest
from .platform_exclusion_request import PlatformExclusionRequest
from .policy_response import PolicyResponse
from .problem import Problem
from .put_policy_request import PutPolicyRequest
from .put_strategy_request import PutStrategyRequest
from .rank_by import RankBy
from .ratio_dto import RatioDto
from .ready import Ready
from .reason_dto import ReasonDto
from .receipt_response import ReceiptResponse
from .recorded_penalty import RecordedPenalty
from .refund_handling_request import RefundHandlingRequest
from .refund_result_request_type_0 import RefundResultRequestType0
from .refund_result_request_type_0_outcome import RefundResultRequestType0Outcome
from .refund_result_request_type_1 import RefundResultRequestType1
from .refund_result_request_type_1_outcome import RefundResultRequestType1Outcome
from .reject_ground_dto import RejectGroundDto
from .rejection_dto import RejectionDto
from .remedy_dto_type_0 import RemedyDtoType0
from .remedy_dto_type_0_type import RemedyDtoType0Type
from .remedy_dto_type_1 import RemedyDtoType1
from .remedy_dto_type_1_type import RemedyDtoType1Type
from .remedy_dto_type_2 import RemedyDtoType2
from .remedy_dto_type_2_type import RemedyDtoType2Type
from .remedy_dto_type_3 import RemedyDtoType3
from .remedy_dto_type_3_type import RemedyDtoType3Type
from .responsibility_dto import ResponsibilityDto
from .responsible_rate_dto import ResponsibleRateDto
from .return_parcel_dto import ReturnParcelDto
from .role_dto import RoleDto
from .signer_dto import SignerDto
from .strategy_action_dto import StrategyActionDto
from .strategy_dto import StrategyDto
from .suggestion_dto import SuggestionDto
from .ticket_action_request_type_0 import TicketActionRequestType0
from .ticket_action_request_type_0_action import TicketActionRequestType0Action
from .ticket_action_request_type_1 import TicketActionRequestType1
from .ticket_action_request_type_1_action import TicketActionRequestType1Action
from .ticket_action_request_type_2 import TicketActionRequestType2
from .ticket_action_request_type_2_action import TicketActionRequestType2Action
from .ticket_action_request_type_3 import TicketActionRequestType3
from .ticket_action_request_type_3_action import TicketActionRequestType3Action
from .ticket_action_request_type_4 import TicketActionRequestType4
from .ticket_action_request_type_4_action import TicketActionRequestType4Action
from .ticket_action_request_type_5 import TicketActionRequestType5
from .ticket_action_request_type_5_action import TicketActionRequestType5Action
from .ticket_action_request_type_6 import TicketActionRequestType6
from .ticket_action_request_type_6_action import TicketActionRequestType6Action
from .ticket_action_request_type_7 import TicketActionRequestType7
from .ticket_action_request_type_7_action import TicketActionRequestType7Action
from .ticket_action_request_type_8 import TicketActionRequestType8
from .ticket_action_request_type_8_action import TicketActionRequestType8Action
from .ticket_action_request_type_9 import TicketActionRequestType9
from .ticket_action_request_type_9_action import TicketActionRequestType9Action
from .ticket_action_request_type_10 import TicketActionRequestType10
from .ticket_action_request_type_10_action import TicketActionRequestType10Action
from .ticket_action_request_type_11 import TicketActionRequestType11
from .ticket_action_request_type_11_action import TicketActionRequestType11Action
from .ticket_action_request_type_12 import TicketActionRequestType12
from .ticket_action_request_type_12_action import TicketActionRequestType12Action
from .ticket_action_request_type_13 import TicketActionRequestType13
from .ticket_action_request_type_13_action import TicketActionRequestType13Action
from .ticket_action_request_type_14 import TicketActionRequestType14
from .ticket_action_request_type_14_action import TicketActionRequestType14Action
from .ticket_action_request_type_15 import TicketActionRequestType15
from .ticket_action_request_type_15_action import TicketActionRequestType15Action
from .ticket_action_request_type_16 import TicketActionRequestType16
from .ticket_action_request_type_16_action import TicketActionRequestType16Action
from .ticket_action_request_type_17 import TicketActionRequestType17
from .ticket_action_request_type_17_action import TicketActionRequestType17Action
from .ticket_kind_dto import TicketKindDto
from .ticket_page import TicketPage
from .ticket_response import TicketResponse
from .ticket_state_dto import TicketStateDto
from .ticket_summary import TicketSummary
from .timeline_entry import TimelineEntry
from .trust_request import TrustRequest
from .trust_response import TrustResponse
from .verdict_dto import VerdictDto
from .verdict_outcome_dto_type_0 import VerdictOutcomeDtoType0
from .verdict_outcome_dto_type_0_type import VerdictOutcomeDtoType0Type
from .verdict_outcome_dto_type_1 import VerdictOutcomeDtoType1
from .verdict_outcome_dto_type_1_type import VerdictOutcomeDtoType1Type
from .verdict_outcome_dto_type_2 import VerdictOutcomeDtoType2
from .verdict_outcome_dto_type_2_type import VerdictOutcomeDtoType2Type
from .webhook_list import WebhookList
from .webhook_response import WebhookResponse

__all__ = (
    "ActorDto",
    "AdvanceRequest",
    "AdvanceResponse",
    "AdvanceResponseDeadlinesFired",
    "AttemptResponse",
    "Checklist",
    "ChecklistLine",
    "ClockResponse",
    "CompletionTimeDto",
    "ConditionDto",
    "CreateKeyRequest",
    "CreateWebhookRequest",
    "DayDto",
    "DeadlineDto",
    "DeliveryList",
    "DeliveryResponse",
    "DisputeDto",
    "DisputeEvidenceDto",
    "DisputeRateDto",
    "EvaluationRequest",
    "EvaluationResponse",
    "EventPage",
    "EvidenceDto",
    "EvidenceKindDto",
    "FastRefundRequest",
    "FeedEventDto",
    "FeedEventDtoData",
    "FeedEventDtoType",
    "FieldError",
    "FileResponse",
    "FulfilmentStageDto",
    "Health",
    "KeyResponse",
    "LeaderboardPage",
    "LeaderboardRow",
    "LogisticsRequestType0",
    "LogisticsRequestType0Event",
    "LogisticsRequestType1",
    "LogisticsRequestType1Event",
    "LogisticsRequestType2",
    "LogisticsRequestType2Event",
    "LogisticsRequestType3",
    "LogisticsRequestType3Event",
    "LogisticsRequestType4",
    "LogisticsRequestType4Event",
    "LogisticsRequestType5",
    "LogisticsRequestType5Event",
    "LogisticsRequestType6",
    "LogisticsRequestType6Event",
    "LogisticsRequestType7",
    "LogisticsRequestType7Event",
    "LogisticsRequestType8",
    "LogisticsRequestType8Event",
    "MeasureDtoType0",
    "MeasureDtoType0Measure",
    "MeasureDtoType1",
    "MeasureDtoType1Measure",
    "MeasureDtoType2",
    "MeasureDtoType2Measure",
    "MeasureDtoType3",
    "MeasureDtoType3Measure",
    "MeasureDtoType4",
    "MeasureDtoType4Measure",
    "MeasureDtoType5",
    "MeasureDtoType5Measure",
    "MeasureDtoType6",
    "MeasureDtoType6Measure",
    "MeasureDtoType7",
    "MeasureDtoType7Measure",
    "MeasureDtoType8",
    "MeasureDtoType8Measure",
    "MerchantResponse",
    "MetricsResponse",
    "MoneyDto",
    "OpenTicketRequest",
    "OrderItemDto",
    "OrderPage",
    "OrderResponse",
    "OrderSummary",
    "OverdueDto",
    "PenaltyDto",
    "PenaltyList",
    "PenaltyTextRequest",
    "PlaceOrderRequest",
    "PlatformExclusionRequest",
    "PolicyResponse",
    "Problem",
    "PutPolicyRequest",
    "PutStrategyRequest",
    "RankBy",
    "RatioDto",
    "Ready",
    "ReasonDto",
    "ReceiptResponse",
    "RecordedPenalty",
    "RefundHandlingRequest",
    "RefundResultRequestType0",
    "RefundResultRequestType0Outcome",
    "RefundResultRequestType1",
    "RefundResultRequestType1Outcome",
    "RejectGroundDto",
    "RejectionDto",
    "RemedyDtoType0",
    "RemedyDtoType0Type",
    "RemedyDtoType1",
    "RemedyDtoType1Type",
    "RemedyDtoType2",
    "RemedyDtoType2Type",
    "RemedyDtoType3",
    "RemedyDtoType3Type",
    "ResponsibilityDto",
    "ResponsibleRateDto",
    "ReturnParcelDto",
    "RoleDto",
    "SignerDto",
    "StrategyActionDto",
    "StrategyDto",
    "SuggestionDto",
    "TicketActionRequestType0",
    "TicketActionRequestType0Action",
    "TicketActionRequestType1",
    "TicketActionRequestType10",
    "TicketActionRequestType10Action",
    "TicketActionRequestType11",
    "TicketActionRequestType11Action",
    "TicketActionRequestType12",
    "TicketActionRequestType12Action",
    "TicketActionRequestType13",
    "TicketActionRequestType13Action",
    "TicketActionRequestType14",
    "TicketActionRequestType14Action",
    "TicketActionRequestType15",
    "TicketActionRequestType15Action",
    "TicketActionRequestType16",
    "TicketActionRequestType16Action",
    "TicketActionRequestType17",
    "TicketActionRequestType17Action",
    "TicketActionRequestType1Action",
    "TicketActionRequestType2",
    "TicketActionRequestType2Action",
    "TicketActionRequestType3",
    "TicketActionRequestType3Action",
    "TicketActionRequestType4",
    "TicketActionRequestType4Action",
    "TicketActionRequestType5",
    "TicketActionRequestType5Action",
    "TicketActionRequestType6",
    "TicketActionRequestType6Action",
    "TicketActionRequestType7",
    "TicketActionRequestType7Action",
    "TicketActionRequestType8",
    "TicketActionRequestType8Action",
    "TicketActionRequestType9",
    "TicketActionRequestType9Action",
    "TicketKindDto",
    "TicketPage",
    "TicketResponse",
    "TicketStateDto",
    "TicketSummary",
    "TimelineEntry",
    "TrustRequest",
    "TrustResponse",
    "VerdictDto",
    "VerdictOutcomeDtoType0",
    "VerdictOutcomeDtoType0Type",
    "VerdictOutcomeDtoType1",
    "VerdictOutcomeDtoType1Type",
    "VerdictOutcomeDtoType2",
    "VerdictOutcomeDtoType2Type",
    "WebhookList",
    "WebhookResponse",
)
