//! `apply` for the order aggregate: fold one fact into the state. Facts are never refused
//! here; invariants that a correct `decide` guarantees are asserted, because a broken one is
//! a bug to stop on, not a condition to handle.

use crate::dispute::{Dispute, DisputeResolution, Opener, Resume, Verdict};
use crate::event::{Approval, Next, OrderChange, OrderEvent, TicketChange};
use crate::evidence::{DisputeEvidence, Side};
use crate::merchant::StrategyAction;
use crate::ticket::MerchantRejection;
use crate::{
    Actor, ClosedCause, Course, DisputePhase, Fulfilment, Money, Order, ParcelUpdate, Ticket,
    TicketState, Timestamp,
};
use std::collections::BTreeMap;

pub fn apply(state: Option<Order>, event: &OrderEvent) -> Order {
    let at = event.at;
    let mut order = match (state, &event.change) {
        (None, OrderChange::Placed(new)) => Order {
            id: new.id.clone(),
            merchant: new.merchant.clone(),
            buyer: new.buyer.clone(),
            items: new.items.clone(),
            paid: new.paid,
            paid_at: new.paid_at,
            fulfilment: Fulfilment::Unshipped,
            tickets: BTreeMap::new(),
            version: 0,
            updated_at: at,
        },
        (None, change) => panic!("{} before the order was placed", change.name()),
        (Some(_), OrderChange::Placed(_)) => panic!("order placed twice"),
        (Some(mut order), OrderChange::ParcelUpdated(update)) => {
            order.fulfilment = parcel(&order.fulfilment, update, at);
            order
        }
        (Some(mut order), OrderChange::Ticket { ticket, change }) => {
            match change {
                TicketChange::Opened {
                    kind,
                    reason,
                    amount,
                    items,
                    description,
                    evidence,
                    opened_while_unshipped,
                    due_at,
                } => {
                    let ticket = Ticket {
                        id: ticket.clone(),
                        kind: *kind,
                        reason: *reason,
                        amount: *amount,
                        items: items.clone(),
                        description: description.clone(),
                        opened_at: at,
                        state: TicketState::Requested {
                            due_at: *due_at,
                            proposal: None,
                        },
                        course: kind.course(),
                        version: 1,
                        auto_rule: None,
                        overdue_approved: false,
                        decided_at: None,
                        return_signed_at: None,
                        return_accepted_at: None,
                        refund_on_return_signed: None,
                        rejection: None,
                        buyer_evidence: evidence.clone(),
                        dispute: None,
                        refunded: Money::zero(amount.currency()),
                        notes: Vec::new(),
                        opened_while_unshipped: *opened_while_unshipped,
                        shipped_while_pending: false,
                        refund_alert: None,
                        updated_at: at,
                        policy_version: 0,
                    };
                    assert!(
                        order.tickets.insert(ticket.id.clone(), ticket).is_none(),
                        "ticket opened twice"
                    );
                }
                change => {
                    let existing = order
                        .tickets
                        .get_mut(ticket)
                        .expect("event for an unknown ticket");
                    apply_ticket(existing, change, &event.actor, at);
                    existing.version += 1;
                    existing.updated_at = at;
                }
            }
            assert!(
                order.refunded().minor() <= order.paid.minor(),
                "refunded more than was paid on order {}",
                order.id
            );
            order
        }
    };
    order.version += 1;
    order.updated_at = at;
    order
}

fn parcel(current: &Fulfilment, update: &ParcelUpdate, at: Timestamp) -> Fulfilment {
    let tracking = match current {
        Fulfilment::Shipped { tracking, .. } | Fulfilment::InTransit { tracking, .. } => {
            tracking.clone()
        }
        _ => String::new(),
    };
    match update {
        ParcelUpdate::TrackingEntered { tracking } => Fulfilment::Shipped {
            tracking: tracking.clone(),
            at,
        },
        ParcelUpdate::InTransit => Fulfilment::InTransit {
            tracking,
            since: at,
        },
        ParcelUpdate::Delivered { signer } => Fulfilment::Delivered {
            tracking,
            signer: *signer,
            at,
        },
        ParcelUpdate::Refused => Fulfilment::Refused { at },
        ParcelUpdate::ReturnedToSender => Fulfilment::ReturnedToSender { at },
        ParcelUpdate::Intercepted => Fulfilment::Intercepted { at },
    }
}

fn enter(next: &Next) -> TicketState {
    match next {
        Next::Refunding { amount } => TicketState::Refunding {
            amount: *amount,
            attempt: 1,
            retry_at: None,
        },
        Next::AwaitingReturn { due_at } => TicketState::AwaitingReturn { due_at: *due_at },
        Next::AwaitingMerchantShipment { due_at } => {
            TicketState::AwaitingMerchantShipment { due_at: *due_at }
        }
    }
}

fn refunding_amount(ticket: &Ticket) -> Money {
    match ticket.state {
        TicketState::Refunding { amount, .. } => amount,
        _ => panic!("refund event on ticket {} that is not refunding", ticket.id),
    }
}

fn apply_ticket(ticket: &mut Ticket, change: &TicketChange, actor: &Actor, at: Timestamp) {
    match change {
        TicketChange::Opened { .. } => unreachable!("handled by the caller"),
        TicketChange::PolicyApplied { version } => ticket.policy_version = *version,
        TicketChange::Approved { approval, next } => {
            ticket.decided_at.get_or_insert(at);
            match approval {
                Approval::Merchant => {}
                Approval::Overdue => ticket.overdue_approved = true,
                Approval::Automatic { rule, note, action } => {
                    ticket.auto_rule = Some(rule.clone());
                    if *action == StrategyAction::RefundOnReturnSigned {
                        ticket.refund_on_return_signed = Some(rule.clone());
                    }
                    ticket.notes.extend(note.clone());
                }
            }
            ticket.state = enter(next);
        }
        TicketChange::ApprovedAfterRefusal { due_at } => {
            ticket.decided_at.get_or_insert(at);
            ticket.state = TicketState::AwaitingRefusal { due_at: *due_at };
        }
        TicketChange::RefusalConfirmed { amount } => {
            ticket.state = enter(&Next::Refunding { amount: *amount });
        }
        TicketChange::RefusalFailed { due_at } => {
            ticket.state = TicketState::Requested {
                due_at: *due_at,
                proposal: None,
            };
        }
        TicketChange::Rejected {
            ground,
            reason,
            evidence,
            not_received_after_signature,
            due_at,
            ..
        } => {
            if matches!(ticket.state, TicketState::Requested { .. }) {
                ticket.decided_at.get_or_insert(at);
            }
            ticket.rejection = Some(MerchantRejection {
                ground: *ground,
                reason: reason.clone(),
                evidence: evidence.clone(),
                at,
                not_received_after_signature: *not_received_after_signature,
            });
            ticket.state = TicketState::Rejected { due_at: *due_at };
        }
        TicketChange::RemedyProposed { remedy, .. } => {
            // Proposing a remedy is the merchant's answer: completion times count to here.
            ticket.decided_at.get_or_insert(at);
            if let TicketState::Requested { proposal, .. } = &mut ticket.state {
                *proposal = Some(remedy.clone());
            }
        }
        TicketChange::RemedyAccepted { course, next } => {
            ticket.decided_at.get_or_insert(at);
            ticket.course = *course;
            ticket.state = enter(next);
        }
        TicketChange::RemedyDeclined => {
            if let TicketState::Requested { proposal, .. } = &mut ticket.state {
                *proposal = None;
            }
        }
        TicketChange::Edited {
            kind,
            reason,
            amount,
            items,
            description,
            evidence,
            due_at,
        } => {
            ticket.kind = *kind;
            ticket.course = kind.course();
            ticket.reason = *reason;
            ticket.amount = *amount;
            ticket.items = items.clone();
            ticket.description = description.clone();
            ticket.buyer_evidence.extend(evidence.iter().cloned());
            ticket.rejection = None;
            ticket.state = TicketState::Requested {
                due_at: *due_at,
                proposal: None,
            };
        }
        TicketChange::Cancelled => {
            if let Some(dispute) = &mut ticket.dispute {
                dispute.open = false;
            }
            ticket.state = TicketState::Closed {
                at,
                cause: ClosedCause::CancelledByBuyer,
            };
        }
        TicketChange::ReturnShipped { tracking, due_at } => {
            ticket.state = TicketState::ReturnInTransit {
                tracking: tracking.clone(),
                shipped_at: at,
                due_at: *due_at,
            };
        }
        TicketChange::ReturnInTransit => {}
        TicketChange::ReturnSigned { due_at } => {
            ticket.return_signed_at = Some(at);
            ticket.state = TicketState::ReturnReceived {
                signed_at: at,
                due_at: *due_at,
            };
        }
        TicketChange::ReturnAccepted { approval, next } => {
            ticket.return_accepted_at.get_or_insert(at);
            if *approval == Approval::Overdue {
                ticket.overdue_approved = true;
            }
            ticket.state = enter(next);
        }
        TicketChange::ReturnWindowLapsed => {
            ticket.state = TicketState::Closed {
                at,
                cause: ClosedCause::ReturnNotShipped,
            };
        }
        TicketChange::ReplacementShipped { tracking, due_at } => {
            ticket.state = TicketState::ReplacementInTransit {
                tracking: tracking.clone(),
                due_at: *due_at,
            };
        }
        TicketChange::ReplacementDelivered => {
            assert!(
                !ticket.course.pays_money(),
                "a money course has no replacement parcel"
            );
            ticket.state = TicketState::Completed { at };
        }
        TicketChange::ShippedWhilePending => ticket.shipped_while_pending = true,
        TicketChange::DisputeOpened {
            opener,
            note: _,
            evidence,
            time_left,
            due_at,
            ..
        } => {
            let dispute = ticket.dispute.get_or_insert_with(|| Dispute {
                first_requested_at: at,
                opened_by: *opener,
                buyer_first_requested_at: None,
                rounds: 0,
                open: false,
                cancellations: 0,
                evidence: Vec::new(),
                resolution: None,
                escalation_time_left: None,
                resume: Resume::Rejected,
            });
            dispute.resume = match &ticket.state {
                TicketState::AwaitingMerchantShipment { .. } => Resume::AwaitingMerchantShipment,
                TicketState::ReplacementInTransit { tracking, .. } => {
                    Resume::ReplacementInTransit {
                        tracking: tracking.clone(),
                    }
                }
                _ => Resume::Rejected,
            };
            if *opener == Opener::Buyer {
                dispute.buyer_first_requested_at.get_or_insert(at);
            }
            dispute.rounds += 1;
            dispute.open = true;
            dispute.escalation_time_left = *time_left;
            dispute
                .evidence
                .extend(evidence.iter().map(|e| DisputeEvidence {
                    side: Side::Buyer,
                    evidence: e.clone(),
                    at,
                }));
            ticket.state = TicketState::InDispute {
                phase: DisputePhase::Evidence { due_at: *due_at },
            };
        }
        TicketChange::EvidenceAdded { side, evidence } => {
            let dispute = ticket
                .dispute
                .as_mut()
                .expect("evidence for a ticket without dispute");
            dispute.evidence.push(DisputeEvidence {
                side: *side,
                evidence: evidence.clone(),
                at,
            });
        }
        TicketChange::EvidenceWindowClosed => {
            ticket.state = TicketState::InDispute {
                phase: DisputePhase::AwaitingVerdict,
            };
        }
        TicketChange::DisputeSettled { amount } => {
            let dispute = ticket
                .dispute
                .as_mut()
                .expect("settling a ticket without dispute");
            dispute.open = false;
            dispute.resolution = Some(DisputeResolution::SettledByMerchant { at, recheck: None });
            ticket.state = enter(&Next::Refunding { amount: *amount });
        }
        TicketChange::DisputeCancelled { due_at } => {
            let dispute = ticket
                .dispute
                .as_mut()
                .expect("cancelling a ticket without dispute");
            dispute.open = false;
            dispute.cancellations += 1;
            ticket.state = match &dispute.resume {
                Resume::Rejected => TicketState::Rejected { due_at: *due_at },
                Resume::AwaitingMerchantShipment => {
                    TicketState::AwaitingMerchantShipment { due_at: *due_at }
                }
                Resume::ReplacementInTransit { tracking } => TicketState::ReplacementInTransit {
                    tracking: tracking.clone(),
                    due_at: *due_at,
                },
            };
        }
        TicketChange::VerdictGiven {
            responsibility,
            outcome,
            reasoning,
            refund,
            early: _,
        } => {
            let Actor::Arbitrator(by) = actor else {
                panic!("a verdict by {actor:?}")
            };
            let dispute = ticket
                .dispute
                .as_mut()
                .expect("verdict on a ticket without dispute");
            dispute.open = false;
            dispute.resolution = Some(DisputeResolution::Decided(Verdict {
                responsibility: *responsibility,
                outcome: outcome.clone(),
                reasoning: reasoning.clone(),
                by: by.clone(),
                at,
            }));
            ticket.state = match refund {
                Some(amount) => enter(&Next::Refunding { amount: *amount }),
                None => TicketState::Closed {
                    at,
                    cause: ClosedCause::VerdictNoRefund,
                },
            };
        }
        TicketChange::Rechecked { responsibility } => {
            let resolution = ticket.dispute.as_mut().and_then(|d| d.resolution.as_mut());
            let Some(DisputeResolution::SettledByMerchant { recheck, .. }) = resolution else {
                panic!("re-check of a dispute the merchant did not settle");
            };
            *recheck = Some(*responsibility);
        }
        TicketChange::EscalationLapsed => {
            ticket.state = TicketState::Closed {
                at,
                cause: ClosedCause::EscalationLapsed,
            };
        }
        TicketChange::RefundSucceeded { amount, .. } => {
            assert_eq!(
                *amount,
                refunding_amount(ticket),
                "refund of another amount than asked"
            );
            ticket.refunded = ticket.refunded.plus(*amount).expect("same currency");
            ticket.refund_alert = None;
            ticket.state = TicketState::Refunded {
                amount: *amount,
                at,
            };
        }
        TicketChange::RefundFailed {
            reason,
            attempt,
            retry_at,
        } => {
            let amount = refunding_amount(ticket);
            ticket.refund_alert = Some(reason.clone());
            ticket.state = TicketState::Refunding {
                amount,
                attempt: *attempt,
                retry_at: *retry_at,
            };
        }
        TicketChange::RefundRetried { attempt } => {
            let amount = refunding_amount(ticket);
            ticket.state = TicketState::Refunding {
                amount,
                attempt: *attempt,
                retry_at: None,
            };
        }
    }
    debug_assert!(
        ticket.course != Course::Reship
            || !matches!(ticket.state, TicketState::AwaitingReturn { .. }),
        "a reship never waits for a return"
    );
}
