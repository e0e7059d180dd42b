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
from .create_key_request_type_0 import CreateKeyRequestType0
from .create_key_request_type_0_role import CreateKeyRequestType0Role
from .create_key_request_type_1 import CreateKeyRequestType1
from .create_key_request_type_1_role import CreateKeyRequestType1Role
from .create_key_request_type_2 import CreateKeyRequestType2
from .create_key_request_type_2_role import CreateKeyRequestType2Role
from .create_webhook_request import CreateWebhookRequest
from .create_webhook_request_event_types_item import CreateWebhookRequestEventTypesItem
from .creator_metrics_response import CreatorMetricsResponse
from .creator_page import CreatorPage
from .creator_penalty_list import CreatorPenaltyList
from .creator_penalty_text_request import CreatorPenaltyTextRequest
from .creator_row import CreatorRow
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
from .logistics_request_type_0_type import LogisticsRequestType0Type
from .logistics_request_type_1 import LogisticsRequestType1
from .logistics_request_type_1_type import LogisticsRequestType1Type
from .logistics_request_type_2 import LogisticsRequestType2
from .logistics_request_type_2_type import LogisticsRequestType2Type
from .logistics_request_type_3 import LogisticsRequestType3
from .logistics_request_type_3_type import LogisticsRequestType3Type
from .logistics_request_type_4 import LogisticsRequestType4
from .logistics_request_type_4_type import LogisticsRequestType4Type
from .logistics_request_type_5 import LogisticsRequestType5
from .logistics_request_type_5_type import LogisticsRequestType5Type
from .logistics_request_type_6 import LogisticsRequestType6
from .logistics_request_type_6_type import LogisticsRequestType6Type
from .logistics_request_type_7 import LogisticsRequestType7
from .logistics_request_type_7_type import LogisticsRequestType7Type
from .logistics_request_type_8 import LogisticsRequestType8
from .logistics_request_type_8_type import LogisticsRequestType8Type
from .measure_dto_type_0 import MeasureDtoType0
from .measure_dto_type_0_type import MeasureDtoType0Type
from .measure_dto_type_1 import MeasureDtoType1
from .measure_dto_type_1_type import MeasureDtoType1Type
from .measure_dto_type_2 import MeasureDtoType2
from .measure_dto_type_2_type import MeasureDtoType2Type
from .measure_dto_type_3 import MeasureDtoType3
from .measure_dto_type_3_type import MeasureDtoType3Type
from .measure_dto_type_4 import MeasureDtoType4
from .measure_dto_type_4_type import MeasureDtoType4Type
from .measure_dto_type_5 import MeasureDtoType5
from .measure_dto_type_5_type import MeasureDtoType5Type
from .measure_dto_type_6 import MeasureDtoType6
from .measure_dto_type_6_type import MeasureDtoType6Type
from .measure_dto_type_7 import MeasureDtoType7
from .measure_dto_type_7_type import MeasureDtoType7Type
from .measure_dto_type_8 import MeasureDtoType8
from .measure_dto_type_8_type import MeasureDtoType8Type
from .measure_dto_type_9 import MeasureDtoType9
from .measure_dto_type_9_type import MeasureDtoType9Type
from .merchant_response import MerchantResponse
from .message_dto import MessageDto
from .message_list import MessageList
from .metrics_response import MetricsResponse
from .money_dto import MoneyDto
from .open_ticket_request import OpenTicketRequest
from .order_item_dto import OrderItemDto
from .order_page import OrderPage
from .order_response import OrderResponse
from .order_summary import OrderSummary
from .overdue_dto import OverdueDto
from .parcel_dto import ParcelDto
from .parcel_line_dto import ParcelLineDto
from .penalty_dto import PenaltyDto
from .penalty_list import PenaltyList
from .penalty_text_request import PenaltyTextRequest
from .place_order_request import PlaceOrderRequest
from .platform_exclusion_request import PlatformExclusionRequest
from .policy_response import PolicyResponse
from .policy_version_dto import PolicyVersionDto
from .policy_version_list import PolicyVersionList
from .post_message_request import PostMessageRequest
from .problem import Problem
from .put_policy_request import PutPolicyRequest
from .put_strategy_request import PutStrategyRequest
from .queue_tab import QueueTab
from .rank_by import RankBy
from .ratio_dto import RatioDto
from .ready import Ready
from .reason_dto import ReasonDto
from .receipt_response import ReceiptResponse
from .recorded_creator_penalty import RecordedCreatorPenalty
from .recorded_penalty import RecordedPenalty
from .refund_handling_request_type_0 import RefundHandlingRequestType0
from .refund_handling_request_type_1 import RefundHandlingRequestType1
from .refund_result_request_type_0 import RefundResultRequestType0
from .refund_result_request_type_0_type import RefundResultRequestType0Type
from .refund_result_request_type_1 import RefundResultRequestType1
from .refund_result_request_type_1_type import RefundResultRequestType1Type
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
from .return_address_request import ReturnAddressRequest
from .return_parcel_dto import ReturnParcelDto
from .return_shipping_dto import ReturnShippingDto
from .role_dto import RoleDto
from .shop_name_request import ShopNameRequest
from .signer_dto import SignerDto
from .sort_direction_dto import SortDirectionDto
from .strategy_action_dto import StrategyActionDto
from .strategy_dto import StrategyDto
from .suggestion_dto import SuggestionDto
from .ticket_action_request_type_0 import TicketActionRequestType0
from .ticket_action_request_type_0_type import TicketActionRequestType0Type
from .ticket_action_request_type_1 import TicketActionRequestType1
from .ticket_action_request_type_1_type import TicketActionRequestType1Type
from .ticket_action_request_type_2 import TicketActionRequestType2
from .ticket_action_request_type_2_type import TicketActionRequestType2Type
from .ticket_action_request_type_3 import TicketActionRequestType3
from .ticket_action_request_type_3_type import TicketActionRequestType3Type
from .ticket_action_request_type_4 import TicketActionRequestType4
from .ticket_action_request_type_4_type import TicketActionRequestType4Type
from .ticket_action_request_type_5 import TicketActionRequestType5
from .ticket_action_request_type_5_type import TicketActionRequestType5Type
from .ticket_action_request_type_6 import TicketActionRequestType6
from .ticket_action_request_type_6_type import TicketActionRequestType6Type
from .ticket_action_request_type_7 import TicketActionRequestType7
from .ticket_action_request_type_7_type import TicketActionRequestType7Type
from .ticket_action_request_type_8 import TicketActionRequestType8
from .ticket_action_request_type_8_type import TicketActionRequestType8Type
from .ticket_action_request_type_9 import TicketActionRequestType9
from .ticket_action_request_type_9_type import TicketActionRequestType9Type
from .ticket_action_request_type_10 import TicketActionRequestType10
from .ticket_action_request_type_10_type import TicketActionRequestType10Type
from .ticket_action_request_type_11 import TicketActionRequestType11
from .ticket_action_request_type_11_type import TicketActionRequestType11Type
from .ticket_action_request_type_12 import TicketActionRequestType12
from .ticket_action_request_type_12_type import TicketActionRequestType12Type
from .ticket_action_request_type_13 import TicketActionRequestType13
from .ticket_action_request_type_13_type import TicketActionRequestType13Type
from .ticket_action_request_type_14 import TicketActionRequestType14
from .ticket_action_request_type_14_type import TicketActionRequestType14Type
from .ticket_action_request_type_15 import TicketActionRequestType15
from .ticket_action_request_type_15_type import TicketActionRequestType15Type
from .ticket_action_request_type_16 import TicketActionRequestType16
from .ticket_action_request_type_16_type import TicketActionRequestType16Type
from .ticket_action_request_type_17 import TicketActionRequestType17
from .ticket_action_request_type_17_type import TicketActionRequestType17Type
from .ticket_action_request_type_18 import TicketActionRequestType18
from .ticket_action_request_type_18_type import TicketActionRequestType18Type
from .ticket_kind_dto import TicketKindDto
from .ticket_line_dto import TicketLineDto
from .ticket_line_view import TicketLineView
from .ticket_page import TicketPage
from .ticket_response import TicketResponse
from .ticket_sort_dto import TicketSortDto
from .ticket_state_dto import TicketStateDto
from .ticket_summary import TicketSummary
from .timeline_entry import TimelineEntry
from .trust_request import TrustRequest
from .trust_response import TrustResponse
from .upload_body import UploadBody
from .verdict_dto import VerdictDto
from .verdict_outcome_dto_type_0 import VerdictOutcomeDtoType0
from .verdict_outcome_dto_type_0_type import VerdictOutcomeDtoType0Type
from .verdict_outcome_dto_type_1 import VerdictOutcomeDtoType1
from .verdict_outcome_dto_type_1_type import VerdictOutcomeDtoType1Type
from .verdict_outcome_dto_type_2 import VerdictOutcomeDtoType2
from .verdict_outcome_dto_type_2_type import VerdictOutcomeDtoType2Type
from .webhook_buyer_trust_updated import WebhookBuyerTrustUpdated
from .webhook_buyer_trust_updated_data import WebhookBuyerTrustUpdatedData
from .webhook_buyer_trust_updated_type import WebhookBuyerTrustUpdatedType
from .webhook_creator_penalised import WebhookCreatorPenalised
from .webhook_creator_penalised_data import WebhookCreatorPenalisedData
from .webhook_creator_penalised_type import WebhookCreatorPenalisedType
from .webhook_creator_penalty_appealed import WebhookCreatorPenaltyAppealed
from .webhook_creator_penalty_appealed_data import WebhookCreatorPenaltyAppealedData
from .webhook_creator_penalty_appealed_type import WebhookCreatorPenaltyAppealedType
from .webhook_creator_penalty_revoked import WebhookCreatorPenaltyRevoked
from .webhook_creator_penalty_revoked_data import WebhookCreatorPenaltyRevokedData
from .webhook_creator_penalty_revoked_type import WebhookCreatorPenaltyRevokedType
from .webhook_dispute_cancelled import WebhookDisputeCancelled
from .webhook_dispute_cancelled_data import WebhookDisputeCancelledData
from .webhook_dispute_cancelled_type import WebhookDisputeCancelledType
from .webhook_dispute_evidence_added import WebhookDisputeEvidenceAdded
from .webhook_dispute_evidence_added_data import WebhookDisputeEvidenceAddedData
from .webhook_dispute_evidence_added_type import WebhookDisputeEvidenceAddedType
from .webhook_dispute_evidence_closed import WebhookDisputeEvidenceClosed
from .webhook_dispute_evidence_closed_data import WebhookDisputeEvidenceClosedData
from .webhook_dispute_evidence_closed_type import WebhookDisputeEvidenceClosedType
from .webhook_dispute_rechecked import WebhookDisputeRechecked
from .webhook_dispute_rechecked_data import WebhookDisputeRecheckedData
from .webhook_dispute_rechecked_type import WebhookDisputeRecheckedType
from .webhook_dispute_settled import WebhookDisputeSettled
from .webhook_dispute_settled_data import WebhookDisputeSettledData
from .webhook_dispute_settled_type import WebhookDisputeSettledType
from .webhook_dispute_verdict import WebhookDisputeVerdict
from .webhook_dispute_verdict_data import WebhookDisputeVerdictData
from .webhook_dispute_verdict_type import WebhookDisputeVerdictType
from .webhook_list import WebhookList
from .webhook_merchant_fast_refund_exclusion_set import WebhookMerchantFastRefundExclusionSet
from .webhook_merchant_fast_refund_exclusion_set_data import WebhookMerchantFastRefundExclusionSetData
from .webhook_merchant_fast_refund_exclusion_set_type import WebhookMerchantFastRefundExclusionSetType
from .webhook_merchant_fast_refund_set import WebhookMerchantFastRefundSet
from .webhook_merchant_fast_refund_set_data import WebhookMerchantFastRefundSetData
from .webhook_merchant_fast_refund_set_type import WebhookMerchantFastRefundSetType
from .webhook_merchant_named import WebhookMerchantNamed
from .webhook_merchant_named_data import WebhookMerchantNamedData
from .webhook_merchant_named_type import WebhookMerchantNamedType
from .webhook_merchant_penalised import WebhookMerchantPenalised
from .webhook_merchant_penalised_data import WebhookMerchantPenalisedData
from .webhook_merchant_penalised_type import WebhookMerchantPenalisedType
from .webhook_merchant_penalty_appealed import WebhookMerchantPenaltyAppealed
from .webhook_merchant_penalty_appealed_data import WebhookMerchantPenaltyAppealedData
from .webhook_merchant_penalty_appealed_type import WebhookMerchantPenaltyAppealedType
from .webhook_merchant_penalty_revoked import WebhookMerchantPenaltyRevoked
from .webhook_merchant_penalty_revoked_data import WebhookMerchantPenaltyRevokedData
from .webhook_merchant_penalty_revoked_type import WebhookMerchantPenaltyRevokedType
from .webhook_merchant_refund_handling_closed import WebhookMerchantRefundHandlingClosed
from .webhook_merchant_refund_handling_closed_data import WebhookMerchantRefundHandlingClosedData
from .webhook_merchant_refund_handling_closed_type import WebhookMerchantRefundHandlingClosedType
from .webhook_merchant_refund_handling_restored import WebhookMerchantRefundHandlingRestored
from .webhook_merchant_refund_handling_restored_data import WebhookMerchantRefundHandlingRestoredData
from .webhook_merchant_refund_handling_restored_type import WebhookMerchantRefundHandlingRestoredType
from .webhook_merchant_return_address_set import WebhookMerchantReturnAddressSet
from .webhook_merchant_return_address_set_data import WebhookMerchantReturnAddressSetData
from .webhook_merchant_return_address_set_type import WebhookMerchantReturnAddressSetType
from .webhook_merchant_strategy_disabled import WebhookMerchantStrategyDisabled
from .webhook_merchant_strategy_disabled_data import WebhookMerchantStrategyDisabledData
from .webhook_merchant_strategy_disabled_type import WebhookMerchantStrategyDisabledType
from .webhook_merchant_strategy_put import WebhookMerchantStrategyPut
from .webhook_merchant_strategy_put_data import WebhookMerchantStrategyPutData
from .webhook_merchant_strategy_put_type import WebhookMerchantStrategyPutType
from .webhook_order_parcel_updated import WebhookOrderParcelUpdated
from .webhook_order_parcel_updated_data import WebhookOrderParcelUpdatedData
from .webhook_order_parcel_updated_type import WebhookOrderParcelUpdatedType
from .webhook_order_placed import WebhookOrderPlaced
from .webhook_order_placed_data import WebhookOrderPlacedData
from .webhook_order_placed_type import WebhookOrderPlacedType
from .webhook_policy_changed import WebhookPolicyChanged
from .webhook_policy_changed_data import WebhookPolicyChangedData
from .webhook_policy_changed_type import WebhookPolicyChangedType
from .webhook_refund_failed import WebhookRefundFailed
from .webhook_refund_failed_data import WebhookRefundFailedData
from .webhook_refund_failed_type import WebhookRefundFailedType
from .webhook_refund_requested import WebhookRefundRequested
from .webhook_refund_requested_data import WebhookRefundRequestedData
from .webhook_refund_requested_type import WebhookRefundRequestedType
from .webhook_refund_retried import WebhookRefundRetried
from .webhook_refund_retried_data import WebhookRefundRetriedData
from .webhook_refund_retried_type import WebhookRefundRetriedType
from .webhook_response import WebhookResponse
from .webhook_ticket_approved import WebhookTicketApproved
from .webhook_ticket_approved_after_refusal import WebhookTicketApprovedAfterRefusal
from .webhook_ticket_approved_after_refusal_data import WebhookTicketApprovedAfterRefusalData
from .webhook_ticket_approved_after_refusal_type import WebhookTicketApprovedAfterRefusalType
from .webhook_ticket_approved_data import WebhookTicketApprovedData
from .webhook_ticket_approved_type import WebhookTicketApprovedType
from .webhook_ticket_auto_approved import WebhookTicketAutoApproved
from .webhook_ticket_auto_approved_data import WebhookTicketAutoApprovedData
from .webhook_ticket_auto_approved_type import WebhookTicketAutoApprovedType
from .webhook_ticket_cancelled import WebhookTicketCancelled
from .webhook_ticket_cancelled_data import WebhookTicketCancelledData
from .webhook_ticket_cancelled_type import WebhookTicketCancelledType
from .webhook_ticket_closed import WebhookTicketClosed
from .webhook_ticket_closed_data import WebhookTicketClosedData
from .webhook_ticket_closed_type import WebhookTicketClosedType
from .webhook_ticket_completed import WebhookTicketCompleted
from .webhook_ticket_completed_data import WebhookTicketCompletedData
from .webhook_ticket_completed_type import WebhookTicketCompletedType
from .webhook_ticket_deadline_approaching import WebhookTicketDeadlineApproaching
from .webhook_ticket_deadline_approaching_data import WebhookTicketDeadlineApproachingData
from .webhook_ticket_deadline_approaching_type import WebhookTicketDeadlineApproachingType
from .webhook_ticket_edited import WebhookTicketEdited
from .webhook_ticket_edited_data import WebhookTicketEditedData
from .webhook_ticket_edited_data_lines_item import WebhookTicketEditedDataLinesItem
from .webhook_ticket_edited_type import WebhookTicketEditedType
from .webhook_ticket_escalated import WebhookTicketEscalated
from .webhook_ticket_escalated_data import WebhookTicketEscalatedData
from .webhook_ticket_escalated_type import WebhookTicketEscalatedType
from .webhook_ticket_escalation_lapsed import WebhookTicketEscalationLapsed
from .webhook_ticket_escalation_lapsed_data import WebhookTicketEscalationLapsedData
from .webhook_ticket_escalation_lapsed_type import WebhookTicketEscalationLapsedType
from .webhook_ticket_message_posted import WebhookTicketMessagePosted
from .webhook_ticket_message_posted_data import WebhookTicketMessagePostedData
from .webhook_ticket_message_posted_type import WebhookTicketMessagePostedType
from .webhook_ticket_opened import WebhookTicketOpened
from .webhook_ticket_opened_data import WebhookTicketOpenedData
from .webhook_ticket_opened_data_lines_item import WebhookTicketOpenedDataLinesItem
from .webhook_ticket_opened_type import WebhookTicketOpenedType
from .webhook_ticket_policy_applied import WebhookTicketPolicyApplied
from .webhook_ticket_policy_applied_data import WebhookTicketPolicyAppliedData
from .webhook_ticket_policy_applied_type import WebhookTicketPolicyAppliedType
from .webhook_ticket_refunded import WebhookTicketRefunded
from .webhook_ticket_refunded_data import WebhookTicketRefundedData
from .webhook_ticket_refunded_type import WebhookTicketRefundedType
from .webhook_ticket_refusal_confirmed import WebhookTicketRefusalConfirmed
from .webhook_ticket_refusal_confirmed_data import WebhookTicketRefusalConfirmedData
from .webhook_ticket_refusal_confirmed_type import WebhookTicketRefusalConfirmedType
from .webhook_ticket_refusal_failed import WebhookTicketRefusalFailed
from .webhook_ticket_refusal_failed_data import WebhookTicketRefusalFailedData
from .webhook_ticket_refusal_failed_type import WebhookTicketRefusalFailedType
from .webhook_ticket_rejected import WebhookTicketRejected
from .webhook_ticket_rejected_data import WebhookTicketRejectedData
from .webhook_ticket_rejected_type import WebhookTicketRejectedType
from .webhook_ticket_remedy_accepted import WebhookTicketRemedyAccepted
from .webhook_ticket_remedy_accepted_data import WebhookTicketRemedyAcceptedData
from .webhook_ticket_remedy_accepted_type import WebhookTicketRemedyAcceptedType
from .webhook_ticket_remedy_declined import WebhookTicketRemedyDeclined
from .webhook_ticket_remedy_declined_data import WebhookTicketRemedyDeclinedData
from .webhook_ticket_remedy_declined_type import WebhookTicketRemedyDeclinedType
from .webhook_ticket_remedy_proposed import WebhookTicketRemedyProposed
from .webhook_ticket_remedy_proposed_data import WebhookTicketRemedyProposedData
from .webhook_ticket_remedy_proposed_type import WebhookTicketRemedyProposedType
from .webhook_ticket_replacement_delivered import WebhookTicketReplacementDelivered
from .webhook_ticket_replacement_delivered_data import WebhookTicketReplacementDeliveredData
from .webhook_ticket_replacement_delivered_type import WebhookTicketReplacementDeliveredType
from .webhook_ticket_replacement_shipped import WebhookTicketReplacementShipped
from .webhook_ticket_replacement_shipped_data import WebhookTicketReplacementShippedData
from .webhook_ticket_replacement_shipped_type import WebhookTicketReplacementShippedType
from .webhook_ticket_return_accepted import WebhookTicketReturnAccepted
from .webhook_ticket_return_accepted_data import WebhookTicketReturnAcceptedData
from .webhook_ticket_return_accepted_type import WebhookTicketReturnAcceptedType
from .webhook_ticket_return_address_set import WebhookTicketReturnAddressSet
from .webhook_ticket_return_address_set_data import WebhookTicketReturnAddressSetData
from .webhook_ticket_return_address_set_type import WebhookTicketReturnAddressSetType
from .webhook_ticket_return_awaited import WebhookTicketReturnAwaited
from .webhook_ticket_return_awaited_data import WebhookTicketReturnAwaitedData
from .webhook_ticket_return_awaited_type import WebhookTicketReturnAwaitedType
from .webhook_ticket_return_in_transit import WebhookTicketReturnInTransit
from .webhook_ticket_return_in_transit_data import WebhookTicketReturnInTransitData
from .webhook_ticket_return_in_transit_type import WebhookTicketReturnInTransitType
from .webhook_ticket_return_shipped import WebhookTicketReturnShipped
from .webhook_ticket_return_shipped_data import WebhookTicketReturnShippedData
from .webhook_ticket_return_shipped_type import WebhookTicketReturnShippedType
from .webhook_ticket_return_signed import WebhookTicketReturnSigned
from .webhook_ticket_return_signed_data import WebhookTicketReturnSignedData
from .webhook_ticket_return_signed_type import WebhookTicketReturnSignedType
from .webhook_ticket_return_window_lapsed import WebhookTicketReturnWindowLapsed
from .webhook_ticket_return_window_lapsed_data import WebhookTicketReturnWindowLapsedData
from .webhook_ticket_return_window_lapsed_type import WebhookTicketReturnWindowLapsedType
from .webhook_ticket_shipped_while_pending import WebhookTicketShippedWhilePending
from .webhook_ticket_shipped_while_pending_data import WebhookTicketShippedWhilePendingData
from .webhook_ticket_shipped_while_pending_type import WebhookTicketShippedWhilePendingType

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
    "CreateKeyRequestType0",
    "CreateKeyRequestType0Role",
    "CreateKeyRequestType1",
    "CreateKeyRequestType1Role",
    "CreateKeyRequestType2",
    "CreateKeyRequestType2Role",
    "CreateWebhookRequest",
    "CreateWebhookRequestEventTypesItem",
    "CreatorMetricsResponse",
    "CreatorPage",
    "CreatorPenaltyList",
    "CreatorPenaltyTextRequest",
    "CreatorRow",
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
    "LogisticsRequestType0Type",
    "LogisticsRequestType1",
    "LogisticsRequestType1Type",
    "LogisticsRequestType2",
    "LogisticsRequestType2Type",
    "LogisticsRequestType3",
    "LogisticsRequestType3Type",
    "LogisticsRequestType4",
    "LogisticsRequestType4Type",
    "LogisticsRequestType5",
    "LogisticsRequestType5Type",
    "LogisticsRequestType6",
    "LogisticsRequestType6Type",
    "LogisticsRequestType7",
    "LogisticsRequestType7Type",
    "LogisticsRequestType8",
    "LogisticsRequestType8Type",
    "MeasureDtoType0",
    "MeasureDtoType0Type",
    "MeasureDtoType1",
    "MeasureDtoType1Type",
    "MeasureDtoType2",
    "MeasureDtoType2Type",
    "MeasureDtoType3",
    "MeasureDtoType3Type",
    "MeasureDtoType4",
    "MeasureDtoType4Type",
    "MeasureDtoType5",
    "MeasureDtoType5Type",
    "MeasureDtoType6",
    "MeasureDtoType6Type",
    "MeasureDtoType7",
    "MeasureDtoType7Type",
    "MeasureDtoType8",
    "MeasureDtoType8Type",
    "MeasureDtoType9",
    "MeasureDtoType9Type",
    "MerchantResponse",
    "MessageDto",
    "MessageList",
    "MetricsResponse",
    "MoneyDto",
    "OpenTicketRequest",
    "OrderItemDto",
    "OrderPage",
    "OrderResponse",
    "OrderSummary",
    "OverdueDto",
    "ParcelDto",
    "ParcelLineDto",
    "PenaltyDto",
    "PenaltyList",
    "PenaltyTextRequest",
    "PlaceOrderRequest",
    "PlatformExclusionRequest",
    "PolicyResponse",
    "PolicyVersionDto",
    "PolicyVersionList",
    "PostMessageRequest",
    "Problem",
    "PutPolicyRequest",
    "PutStrategyRequest",
    "QueueTab",
    "RankBy",
    "RatioDto",
    "Ready",
    "ReasonDto",
    "ReceiptResponse",
    "RecordedCreatorPenalty",
    "RecordedPenalty",
    "RefundHandlingRequestType0",
    "RefundHandlingRequestType1",
    "RefundResultRequestType0",
    "RefundResultRequestType0Type",
    "RefundResultRequestType1",
    "RefundResultRequestType1Type",
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
    "ReturnAddressRequest",
    "ReturnParcelDto",
    "ReturnShippingDto",
    "RoleDto",
    "ShopNameRequest",
    "SignerDto",
    "SortDirectionDto",
    "StrategyActionDto",
    "StrategyDto",
    "SuggestionDto",
    "TicketActionRequestType0",
    "TicketActionRequestType0Type",
    "TicketActionRequestType1",
    "TicketActionRequestType10",
    "TicketActionRequestType10Type",
    "TicketActionRequestType11",
    "TicketActionRequestType11Type",
    "TicketActionRequestType12",
    "TicketActionRequestType12Type",
    "TicketActionRequestType13",
    "TicketActionRequestType13Type",
    "TicketActionRequestType14",
    "TicketActionRequestType14Type",
    "TicketActionRequestType15",
    "TicketActionRequestType15Type",
    "TicketActionRequestType16",
    "TicketActionRequestType16Type",
    "TicketActionRequestType17",
    "TicketActionRequestType17Type",
    "TicketActionRequestType18",
    "TicketActionRequestType18Type",
    "TicketActionRequestType1Type",
    "TicketActionRequestType2",
    "TicketActionRequestType2Type",
    "TicketActionRequestType3",
    "TicketActionRequestType3Type",
    "TicketActionRequestType4",
    "TicketActionRequestType4Type",
    "TicketActionRequestType5",
    "TicketActionRequestType5Type",
    "TicketActionRequestType6",
    "TicketActionRequestType6Type",
    "TicketActionRequestType7",
    "TicketActionRequestType7Type",
    "TicketActionRequestType8",
    "TicketActionRequestType8Type",
    "TicketActionRequestType9",
    "TicketActionRequestType9Type",
    "TicketKindDto",
    "TicketLineDto",
    "TicketLineView",
    "TicketPage",
    "TicketResponse",
    "TicketSortDto",
    "TicketStateDto",
    "TicketSummary",
    "TimelineEntry",
    "TrustRequest",
    "TrustResponse",
    "UploadBody",
    "VerdictDto",
    "VerdictOutcomeDtoType0",
    "VerdictOutcomeDtoType0Type",
    "VerdictOutcomeDtoType1",
    "VerdictOutcomeDtoType1Type",
    "VerdictOutcomeDtoType2",
    "VerdictOutcomeDtoType2Type",
    "WebhookBuyerTrustUpdated",
    "WebhookBuyerTrustUpdatedData",
    "WebhookBuyerTrustUpdatedType",
    "WebhookCreatorPenalised",
    "WebhookCreatorPenalisedData",
    "WebhookCreatorPenalisedType",
    "WebhookCreatorPenaltyAppealed",
    "WebhookCreatorPenaltyAppealedData",
    "WebhookCreatorPenaltyAppealedType",
    "WebhookCreatorPenaltyRevoked",
    "WebhookCreatorPenaltyRevokedData",
    "WebhookCreatorPenaltyRevokedType",
    "WebhookDisputeCancelled",
    "WebhookDisputeCancelledData",
    "WebhookDisputeCancelledType",
    "WebhookDisputeEvidenceAdded",
    "WebhookDisputeEvidenceAddedData",
    "WebhookDisputeEvidenceAddedType",
    "WebhookDisputeEvidenceClosed",
    "WebhookDisputeEvidenceClosedData",
    "WebhookDisputeEvidenceClosedType",
    "WebhookDisputeRechecked",
    "WebhookDisputeRecheckedData",
    "WebhookDisputeRecheckedType",
    "WebhookDisputeSettled",
    "WebhookDisputeSettledData",
    "WebhookDisputeSettledType",
    "WebhookDisputeVerdict",
    "WebhookDisputeVerdictData",
    "WebhookDisputeVerdictType",
    "WebhookList",
    "WebhookMerchantFastRefundExclusionSet",
    "WebhookMerchantFastRefundExclusionSetData",
    "WebhookMerchantFastRefundExclusionSetType",
    "WebhookMerchantFastRefundSet",
    "WebhookMerchantFastRefundSetData",
    "WebhookMerchantFastRefundSetType",
    "WebhookMerchantNamed",
    "WebhookMerchantNamedData",
    "WebhookMerchantNamedType",
    "WebhookMerchantPenalised",
    "WebhookMerchantPenalisedData",
    "WebhookMerchantPenalisedType",
    "WebhookMerchantPenaltyAppealed",
    "WebhookMerchantPenaltyAppealedData",
    "WebhookMerchantPenaltyAppealedType",
    "WebhookMerchantPenaltyRevoked",
    "WebhookMerchantPenaltyRevokedData",
    "WebhookMerchantPenaltyRevokedType",
    "WebhookMerchantRefundHandlingClosed",
    "WebhookMerchantRefundHandlingClosedData",
    "WebhookMerchantRefundHandlingClosedType",
    "WebhookMerchantRefundHandlingRestored",
    "WebhookMerchantRefundHandlingRestoredData",
    "WebhookMerchantRefundHandlingRestoredType",
    "WebhookMerchantReturnAddressSet",
    "WebhookMerchantReturnAddressSetData",
    "WebhookMerchantReturnAddressSetType",
    "WebhookMerchantStrategyDisabled",
    "WebhookMerchantStrategyDisabledData",
    "WebhookMerchantStrategyDisabledType",
    "WebhookMerchantStrategyPut",
    "WebhookMerchantStrategyPutData",
    "WebhookMerchantStrategyPutType",
    "WebhookOrderParcelUpdated",
    "WebhookOrderParcelUpdatedData",
    "WebhookOrderParcelUpdatedType",
    "WebhookOrderPlaced",
    "WebhookOrderPlacedData",
    "WebhookOrderPlacedType",
    "WebhookPolicyChanged",
    "WebhookPolicyChangedData",
    "WebhookPolicyChangedType",
    "WebhookRefundFailed",
    "WebhookRefundFailedData",
    "WebhookRefundFailedType",
    "WebhookRefundRequested",
    "WebhookRefundRequestedData",
    "WebhookRefundRequestedType",
    "WebhookRefundRetried",
    "WebhookRefundRetriedData",
    "WebhookRefundRetriedType",
    "WebhookResponse",
    "WebhookTicketApproved",
    "WebhookTicketApprovedAfterRefusal",
    "WebhookTicketApprovedAfterRefusalData",
    "WebhookTicketApprovedAfterRefusalType",
    "WebhookTicketApprovedData",
    "WebhookTicketApprovedType",
    "WebhookTicketAutoApproved",
    "WebhookTicketAutoApprovedData",
    "WebhookTicketAutoApprovedType",
    "WebhookTicketCancelled",
    "WebhookTicketCancelledData",
    "WebhookTicketCancelledType",
    "WebhookTicketClosed",
    "WebhookTicketClosedData",
    "WebhookTicketClosedType",
    "WebhookTicketCompleted",
    "WebhookTicketCompletedData",
    "WebhookTicketCompletedType",
    "WebhookTicketDeadlineApproaching",
    "WebhookTicketDeadlineApproachingData",
    "WebhookTicketDeadlineApproachingType",
    "WebhookTicketEdited",
    "WebhookTicketEditedData",
    "WebhookTicketEditedDataLinesItem",
    "WebhookTicketEditedType",
    "WebhookTicketEscalated",
    "WebhookTicketEscalatedData",
    "WebhookTicketEscalatedType",
    "WebhookTicketEscalationLapsed",
    "WebhookTicketEscalationLapsedData",
    "WebhookTicketEscalationLapsedType",
    "WebhookTicketMessagePosted",
    "WebhookTicketMessagePostedData",
    "WebhookTicketMessagePostedType",
    "WebhookTicketOpened",
    "WebhookTicketOpenedData",
    "WebhookTicketOpenedDataLinesItem",
    "WebhookTicketOpenedType",
    "WebhookTicketPolicyApplied",
    "WebhookTicketPolicyAppliedData",
    "WebhookTicketPolicyAppliedType",
    "WebhookTicketRefunded",
    "WebhookTicketRefundedData",
    "WebhookTicketRefundedType",
    "WebhookTicketRefusalConfirmed",
    "WebhookTicketRefusalConfirmedData",
    "WebhookTicketRefusalConfirmedType",
    "WebhookTicketRefusalFailed",
    "WebhookTicketRefusalFailedData",
    "WebhookTicketRefusalFailedType",
    "WebhookTicketRejected",
    "WebhookTicketRejectedData",
    "WebhookTicketRejectedType",
    "WebhookTicketRemedyAccepted",
    "WebhookTicketRemedyAcceptedData",
    "WebhookTicketRemedyAcceptedType",
    "WebhookTicketRemedyDeclined",
    "WebhookTicketRemedyDeclinedData",
    "WebhookTicketRemedyDeclinedType",
    "WebhookTicketRemedyProposed",
    "WebhookTicketRemedyProposedData",
    "WebhookTicketRemedyProposedType",
    "WebhookTicketReplacementDelivered",
    "WebhookTicketReplacementDeliveredData",
    "WebhookTicketReplacementDeliveredType",
    "WebhookTicketReplacementShipped",
    "WebhookTicketReplacementShippedData",
    "WebhookTicketReplacementShippedType",
    "WebhookTicketReturnAccepted",
    "WebhookTicketReturnAcceptedData",
    "WebhookTicketReturnAcceptedType",
    "WebhookTicketReturnAddressSet",
    "WebhookTicketReturnAddressSetData",
    "WebhookTicketReturnAddressSetType",
    "WebhookTicketReturnAwaited",
    "WebhookTicketReturnAwaitedData",
    "WebhookTicketReturnAwaitedType",
    "WebhookTicketReturnInTransit",
    "WebhookTicketReturnInTransitData",
    "WebhookTicketReturnInTransitType",
    "WebhookTicketReturnShipped",
    "WebhookTicketReturnShippedData",
    "WebhookTicketReturnShippedType",
    "WebhookTicketReturnSigned",
    "WebhookTicketReturnSignedData",
    "WebhookTicketReturnSignedType",
    "WebhookTicketReturnWindowLapsed",
    "WebhookTicketReturnWindowLapsedData",
    "WebhookTicketReturnWindowLapsedType",
    "WebhookTicketShippedWhilePending",
    "WebhookTicketShippedWhilePendingData",
    "WebhookTicketShippedWhilePendingType",
)
