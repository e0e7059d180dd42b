//! Seed 004: "关闭商家退款处理能力,届时买家的售后申请将自动审核通过并退款给买家". Once the
//! platform closes a merchant's refund handling, the requests already waiting on that merchant
//! are approved like new ones. The domain treats their response deadline as due at once; the
//! engine fires those deadlines right after a closure commits, and the scheduler fires any
//! that remain on every round, so a crash between the closure and its follow-ups is caught up
//! (they are read from the projections, never handed over in memory).
//!
//! Issue 18 point 3: the same for the return-shipping claims waiting on a merchant when a
//! penalty carrying the measure "platform settles return-shipping claims" comes into force:
//! the domain settles them by the platform with that measure's rule and note.

use crate::Engine;
use crate::command::{Command, Submission};
use crate::error::EngineError;
use redress_domain::{Actor, MerchantId, OrderCommand, Rejection, TicketAction};
use redress_store::{DueDeadline, Store};
use std::collections::HashSet;

/// Requests fired per round.
const ROUND: usize = 2_000;

impl<S: Store> Engine<S> {
    /// Approve every request waiting on a merchant whose refund handling is closed, and every
    /// return-shipping claim waiting on a merchant whose claims the platform settles: of
    /// `merchant` only, or of every merchant. Returns how many this call approved; those
    /// someone else approved first are not counted.
    pub async fn approve_closed_requests(
        &self,
        merchant: Option<&MerchantId>,
    ) -> Result<u64, EngineError> {
        let mut approved = 0;
        let mut tried = HashSet::new();
        loop {
            let waiting: Vec<_> = self
                .store()
                .closed_merchant_requests(merchant, ROUND)
                .await?
                .into_iter()
                .filter(|d| tried.insert((d.ticket.clone(), d.due_at)))
                .collect();
            if waiting.is_empty() {
                return Ok(approved);
            }
            let mut answers = Vec::with_capacity(waiting.len());
            for deadline in waiting {
                answers.push(self.enqueue(fire(deadline)).await?);
            }
            for answer in answers {
                match answer.await {
                    Ok(_) => approved += 1,
                    Err(EngineError::Rejected(Rejection::DeadlineNotCurrent)) => {}
                    Err(error) => return Err(error),
                }
            }
        }
    }
}

pub(crate) fn fire(deadline: DueDeadline) -> Submission {
    Submission::new(
        Actor::System,
        Command::Order {
            order: deadline.order,
            command: OrderCommand::Ticket {
                ticket: deadline.ticket,
                expected_version: None,
                action: TicketAction::FireDeadline {
                    kind: deadline.kind,
                    due_at: deadline.due_at,
                },
            },
        },
    )
}
