//! The invariants, checked after every step. Each check has a name, and its failure says
//! what broke, with the ids and figures involved.

use crate::plan;
use redress_domain::evaluation::{Penalty, PenaltyId};
use redress_domain::merchant::Merchant;
use redress_domain::{MerchantId, Money, Order, OrderId, Policy, TicketId, Timestamp};
use redress_engine::Clock as _;
use redress_engine::{Command, ManualClock, Receipt, Submission};
use redress_store::sqlite::StoredEvent;
use redress_store::{AnyStore, State, Store, StreamKey};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A broken invariant: which check, at which step, and what it saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The step of the plan after which the check failed.
    pub step: usize,
    pub check: &'static str,
    pub message: String,
}

impl Failure {
    pub fn new(check: &'static str, message: impl Into<String>) -> Self {
        Failure {
            step: 0,
            check,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "step {}: {}: {}", self.step, self.check, self.message)
    }
}

fn storage(e: impl std::fmt::Display) -> Failure {
    Failure::new("store_answers", format!("the store failed a read: {e}"))
}

/// What the checks remember between steps.
#[derive(Debug)]
pub struct Checker {
    store: AnyStore,
    clock: Arc<ManualClock>,
    /// The last log position seen.
    position: i64,
    /// The last sequence number seen per stream.
    seqs: BTreeMap<String, u64>,
    /// Tickets seen in a terminal state.
    terminal: BTreeSet<TicketId>,
    /// Keyed commands that were answered with a receipt, and the first receipt.
    answered: Vec<(Submission, Receipt)>,
    /// The addressed stream's state before the current command, as text.
    before: Option<String>,
    /// Evaluation penalties already compared with the oracle: (merchant, penalty id).
    penalties_seen: BTreeSet<(String, String)>,
    /// The world's orders and merchants as last loaded. A stream's state is the fold of its
    /// events, so one that gained no event since cannot have changed: each step reloads only
    /// the streams the log shows touched, and the heavy steps reload them all. The checks
    /// still run over every order and merchant, against the deadline table read in full.
    orders: BTreeMap<OrderId, (MerchantId, Order)>,
    merchants: BTreeMap<MerchantId, Merchant>,
    /// Streams that gained events since they were last loaded, by id.
    touched_orders: BTreeSet<String>,
    touched_merchants: BTreeSet<String>,
    /// Whether every stream has been loaded once.
    loaded: bool,
    /// The order slots the plan names (`plan::order_slots`).
    order_slots: u64,
}

impl Checker {
    /// A checker of a world whose plan names `order_slots` order slots.
    pub fn new(store: AnyStore, clock: Arc<ManualClock>, order_slots: u64) -> Self {
        Checker {
            store,
            clock,
            order_slots,
            position: 0,
            seqs: BTreeMap::new(),
            terminal: BTreeSet::new(),
            answered: Vec::new(),
            before: None,
            penalties_seen: BTreeSet::new(),
            orders: BTreeMap::new(),
            merchants: BTreeMap::new(),
            touched_orders: BTreeSet::new(),
            touched_merchants: BTreeSet::new(),
            loaded: false,
        }
    }

    async fn addressed(&self, command: &Command) -> Result<Option<String>, Failure> {
        let key = match command {
            Command::Order { order, .. } => {
                match self.store.locate_order(order).await.map_err(storage)? {
                    Some(merchant) => StreamKey::Order {
                        merchant,
                        order: order.clone(),
                    },
                    None => return Ok(None),
                }
            }
            Command::Merchant { merchant, .. } => StreamKey::Merchant(merchant.clone()),
            Command::Buyer { buyer, .. } => StreamKey::Buyer(buyer.clone()),
            Command::Creator { creator, .. } => StreamKey::Creator(creator.clone()),
        };
        Ok(self
            .store
            .load(&key)
            .await
            .map_err(storage)?
            .map(|state| format!("{state:?}")))
    }

    /// Remember what the command addresses, to prove a refusal changed nothing.
    pub async fn before(&mut self, submission: &Submission) -> Result<(), Failure> {
        self.before = self.addressed(&submission.command).await?;
        Ok(())
    }

    /// The events committed since the last step, with the log's own invariants checked:
    /// positions increase, and every stream's sequence numbers follow on without gap or
    /// repeat (each acknowledged event exists exactly once).
    async fn new_events(&mut self) -> Result<Vec<StoredEvent>, Failure> {
        let events = self
            .store
            .events_after(self.position, 1_000_000)
            .await
            .map_err(storage)?;
        for event in &events {
            if event.position <= self.position {
                return Err(Failure::new(
                    "log_positions_increase",
                    format!(
                        "event at position {} follows position {}",
                        event.position, self.position
                    ),
                ));
            }
            self.position = event.position;
            let last = self.seqs.entry(event.stream.clone()).or_insert(0);
            if event.seq != *last + 1 {
                return Err(Failure::new(
                    "events_exactly_once",
                    format!(
                        "stream {} has event {} ({}) after event {}",
                        event.stream, event.seq, event.kind, last
                    ),
                ));
            }
            *last = event.seq;
            if let Some(order) = event.stream.strip_prefix("order:") {
                self.touched_orders.insert(order.to_owned());
            } else if let Some(merchant) = event.stream.strip_prefix("merchant:") {
                self.touched_merchants.insert(merchant.to_owned());
            }
        }
        Ok(events)
    }

    /// After an engine command and its final answer.
    pub async fn after_command(
        &mut self,
        submission: &Submission,
        answer: &Result<Receipt, String>,
        lost: Option<&Receipt>,
        foreign_actor: bool,
        heavy: bool,
    ) -> Result<(), Failure> {
        let events = self.new_events().await?;
        match answer {
            Err(code) => {
                if let Some(event) = events.first() {
                    return Err(Failure::new(
                        "refusal_changes_nothing",
                        format!(
                            "the command was refused ({code}), yet {} events were written, the first {} #{} ({})",
                            events.len(),
                            event.stream,
                            event.seq,
                            event.kind
                        ),
                    ));
                }
                let after = self.addressed(&submission.command).await?;
                if after != self.before {
                    return Err(Failure::new(
                        "refusal_changes_nothing",
                        format!(
                            "the command was refused ({code}), yet what it addressed changed from {:?} to {after:?}",
                            self.before
                        ),
                    ));
                }
            }
            Ok(receipt) => {
                if let Some(lost) = lost {
                    // The attempt whose answer died with the process wrote the events; the
                    // retry must only have replayed them.
                    self.acknowledged_in_log(lost, &events)?;
                    if !receipt.replayed {
                        return Err(Failure::new(
                            "idempotent_after_crash",
                            format!(
                                "committed as {lost:?}, the retry after a restart answered {receipt:?}"
                            ),
                        ));
                    }
                } else if receipt.replayed && !events.is_empty() {
                    return Err(Failure::new(
                        "replay_writes_nothing",
                        format!(
                            "a replayed answer {receipt:?} came with {} new events",
                            events.len()
                        ),
                    ));
                }
                let acted = lost.unwrap_or(receipt);
                if !receipt.replayed || lost.is_some() {
                    self.acknowledged_in_log(acted, &events)?;
                    if foreign_actor {
                        return Err(Failure::new(
                            "scope",
                            format!(
                                "{:?} acted outside its scope: {:?} was accepted as {receipt:?}",
                                submission.actor, submission.command
                            ),
                        ));
                    }
                }
                if submission.idempotency_key.is_some() {
                    if let Some(lost) = lost {
                        self.same_answer(submission, lost)?;
                    }
                    self.same_answer(submission, receipt)?;
                }
            }
        }
        self.common(heavy).await
    }

    fn acknowledged_in_log(
        &self,
        receipt: &Receipt,
        events: &[StoredEvent],
    ) -> Result<(), Failure> {
        let first = receipt.version + 1 - receipt.events.len() as u64;
        let written: Vec<&str> = events
            .iter()
            .filter(|e| e.stream == receipt.stream && e.seq >= first && e.seq <= receipt.version)
            .map(|e| e.kind.as_str())
            .collect();
        let acknowledged: Vec<&str> = receipt.events.iter().map(|e| e.as_str()).collect();
        if written != acknowledged {
            return Err(Failure::new(
                "acknowledged_events_exist",
                format!(
                    "the receipt {receipt:?} acknowledges {:?}, the log holds {written:?} for those positions of {}",
                    receipt.events, receipt.stream
                ),
            ));
        }
        Ok(())
    }

    fn same_answer(&mut self, submission: &Submission, receipt: &Receipt) -> Result<(), Failure> {
        let earlier = self.answered.iter().find(|(s, _)| s == submission);
        match earlier {
            Some((_, first)) => {
                let same = (
                    &first.stream,
                    first.version,
                    first.ticket_version,
                    &first.events,
                ) == (
                    &receipt.stream,
                    receipt.version,
                    receipt.ticket_version,
                    &receipt.events,
                );
                if !receipt.replayed || !same {
                    return Err(Failure::new(
                        "idempotent_replay",
                        format!(
                            "key {:?} first answered {first:?}, the same command with it again {receipt:?}",
                            submission.idempotency_key
                        ),
                    ));
                }
            }
            None => self.answered.push((submission.clone(), receipt.clone())),
        }
        Ok(())
    }

    /// Every event of the log, in position order.
    pub async fn log(&self) -> Result<Vec<StoredEvent>, Failure> {
        self.store
            .events_after(0, 10_000_000)
            .await
            .map_err(storage)
    }

    /// The log's last position (0 when empty).
    pub async fn last_position(&self) -> Result<i64, Failure> {
        let mut position = self.position;
        loop {
            let more = self
                .store
                .events_after(position, 10_000)
                .await
                .map_err(storage)?;
            match more.last() {
                Some(last) => position = last.position,
                None => return Ok(position),
            }
        }
    }

    /// After two commands ran at once: each accepted one's events are in the log, nothing
    /// else was written (the loser left nothing half-written), no one acted outside its
    /// scope, and where both addressed one stream version at most one won.
    pub(crate) async fn after_race(
        &mut self,
        racers: &[crate::world::Racer],
        exclusive: bool,
        heavy: bool,
    ) -> Result<(), Failure> {
        let events = self.new_events().await?;
        let mut written = 0;
        let mut winners = 0;
        for racer in racers {
            if let Ok(receipt) = &racer.answer {
                winners += 1;
                written += receipt.events.len();
                self.acknowledged_in_log(receipt, &events)?;
                if racer.foreign {
                    return Err(Failure::new(
                        "scope",
                        format!(
                            "{:?} acted outside its scope: {:?} was accepted as {receipt:?}",
                            racer.submission.actor, racer.submission.command
                        ),
                    ));
                }
            }
        }
        let answers: Vec<String> = racers
            .iter()
            .map(|r| match &r.answer {
                Ok(receipt) => format!("{receipt:?}"),
                Err(code) => format!("refused {code}"),
            })
            .collect();
        if written != events.len() {
            return Err(Failure::new(
                "race_nothing_half_written",
                format!(
                    "two commands at once answered {answers:?}, which acknowledge {written} events; the log gained {}",
                    events.len()
                ),
            ));
        }
        if exclusive && winners > 1 {
            return Err(Failure::new(
                "race_one_winner",
                format!("two commands on one stream version both won: {answers:?}"),
            ));
        }
        if winners == 0
            && racers
                .iter()
                .all(|r| r.answer.as_ref().is_err_and(|code| code == "conflict"))
        {
            return Err(Failure::new(
                "race_one_winner",
                format!(
                    "two commands at once both lost to a conflict, and nothing was written: {answers:?}"
                ),
            ));
        }
        self.common(heavy).await
    }

    /// After a step that is not a command (restart, evaluation, policy).
    pub async fn after_other(&mut self, heavy: bool) -> Result<(), Failure> {
        self.new_events().await?;
        self.common(heavy).await
    }

    /// After the clock moved: nothing may be left due.
    pub async fn after_advance(&mut self, heavy: bool) -> Result<(), Failure> {
        self.new_events().await?;
        let now = self.clock.now();
        let due = self.store.due_deadlines(now, 10).await.map_err(storage)?;
        if let Some(d) = due.first() {
            return Err(Failure::new(
                "no_due_deadline_unfired",
                format!(
                    "after advancing to {now}, {} deadlines are due and unfired, the first {:?} of ticket {} due {}",
                    due.len(),
                    d.kind,
                    d.ticket,
                    d.due_at
                ),
            ));
        }
        self.common(heavy).await
    }

    /// Reload the orders whose streams gained events (all of them on a heavy step or the
    /// first time).
    async fn reload_orders(&mut self, all: bool) -> Result<(), Failure> {
        for slot in 0..self.order_slots {
            let raw = format!("o{slot}");
            if !all && !self.touched_orders.contains(&raw) {
                continue;
            }
            let id = OrderId::parse(&raw).expect("a valid order id");
            let Some(merchant) = self.store.locate_order(&id).await.map_err(storage)? else {
                self.orders.remove(&id);
                continue;
            };
            let key = StreamKey::Order {
                merchant: merchant.clone(),
                order: id.clone(),
            };
            match self.store.load(&key).await.map_err(storage)? {
                Some(State::Order(order)) => {
                    self.orders.insert(id, (merchant, order));
                }
                other => {
                    return Err(Failure::new(
                        "order_loads",
                        format!(
                            "order {id} is located at merchant {merchant} but loads as {other:?}"
                        ),
                    ));
                }
            }
        }
        self.touched_orders.clear();
        Ok(())
    }

    /// Reload the merchants whose streams gained events (all of them on a heavy step or the
    /// first time).
    async fn reload_merchants(&mut self, all: bool) -> Result<(), Failure> {
        for slot in 0..plan::MERCHANTS {
            let raw = format!("m{slot}");
            if !all && !self.touched_merchants.contains(&raw) {
                continue;
            }
            let id = MerchantId::parse(&raw).expect("a valid merchant id");
            match self
                .store
                .load(&StreamKey::Merchant(id.clone()))
                .await
                .map_err(storage)?
            {
                Some(State::Merchant(merchant)) => {
                    self.merchants.insert(id, merchant);
                }
                _ => {
                    self.merchants.remove(&id);
                }
            }
        }
        self.touched_merchants.clear();
        Ok(())
    }

    /// The checks of every step.
    async fn common(&mut self, heavy: bool) -> Result<(), Failure> {
        let all = heavy || !self.loaded;
        self.reload_orders(all).await?;
        self.reload_merchants(all).await?;
        self.loaded = true;
        let mut deadlines_of: BTreeMap<TicketId, Vec<(redress_domain::DeadlineKind, Timestamp)>> =
            BTreeMap::new();
        let far = self.clock.now() + redress_domain::SignedDuration::from_hours(24 * 365 * 400);
        for d in self
            .store
            .due_deadlines(far, 1_000_000)
            .await
            .map_err(storage)?
        {
            deadlines_of
                .entry(d.ticket)
                .or_default()
                .push((d.kind, d.due_at));
        }
        for (merchant, order) in self.orders.values() {
            if order.merchant != *merchant {
                return Err(Failure::new(
                    "scope",
                    format!(
                        "order {} is located at merchant {merchant} but belongs to {}",
                        order.id, order.merchant
                    ),
                ));
            }
            refunds(order)?;
            for (id, ticket) in &order.tickets {
                if self.terminal.contains(id) && !ticket.state.is_terminal() {
                    return Err(Failure::new(
                        "terminal_stays_terminal",
                        format!(
                            "ticket {id} of order {} was terminal and is now {:?}",
                            order.id, ticket.state
                        ),
                    ));
                }
                if ticket.state.is_terminal() {
                    self.terminal.insert(id.clone());
                }
                let live = deadlines_of.remove(id).unwrap_or_default();
                let expected: Vec<_> = ticket
                    .deadline()
                    .map(|d| (d.kind, d.due_at))
                    .into_iter()
                    .collect();
                if live.len() > 1 || live != expected {
                    return Err(Failure::new(
                        "one_live_deadline",
                        format!(
                            "ticket {id} in state {:?} should wait on {expected:?}, the deadline table holds {live:?}",
                            ticket.state
                        ),
                    ));
                }
            }
        }
        if let Some((ticket, live)) = deadlines_of.into_iter().next() {
            return Err(Failure::new(
                "one_live_deadline",
                format!("deadlines {live:?} are live for ticket {ticket}, which no order holds"),
            ));
        }
        self.penalties().await?;
        if heavy {
            self.heavy().await?;
        }
        Ok(())
    }

    async fn penalties(&mut self) -> Result<(), Failure> {
        let mut fresh = Vec::new();
        for (id, merchant) in &self.merchants {
            for (key, penalty) in &merchant.penalties {
                let expected = PenaltyId::new(penalty.evaluated_on, penalty.kind);
                if *key != penalty.id || penalty.id != expected {
                    return Err(Failure::new(
                        "one_penalty_per_period",
                        format!(
                            "merchant {id} keeps penalty {:?} under {key:?}; one per kind and period means {expected:?}",
                            penalty.id
                        ),
                    ));
                }
                let evidence = &penalty.evidence;
                if evidence.reason.is_none()
                    && evidence
                        .rate
                        .ppm()
                        .is_none_or(|ppm| ppm < evidence.threshold_ppm)
                {
                    return Err(Failure::new(
                        "penalty_evidence",
                        format!(
                            "merchant {id}'s penalty {} gives a rate of {:?} ({:?} ppm), not over its standard {} ppm",
                            penalty.id,
                            evidence.rate,
                            evidence.rate.ppm(),
                            evidence.threshold_ppm
                        ),
                    ));
                }
                if evidence.reason.is_none()
                    && self
                        .penalties_seen
                        .insert((id.to_string(), key.to_string()))
                {
                    fresh.push((id.clone(), penalty.clone()));
                }
            }
        }
        if !fresh.is_empty() {
            self.evidence_matches_oracle(&fresh).await?;
        }
        Ok(())
    }

    /// A penalty's evidence, the step it is recorded, equals what the oracle's recount of
    /// the log as it stood when the penalty was written gives for its merchant, kind and
    /// evaluation window. Not the log at the end of the step: an advance that runs an
    /// evaluation goes on firing the deadlines due after it, and an approval for want of an
    /// answer counts on the day its request was opened, inside the window (seed 2102).
    async fn evidence_matches_oracle(
        &self,
        fresh: &[(MerchantId, Penalty)],
    ) -> Result<(), Failure> {
        use redress_domain::evaluation::ViolationKind;
        use redress_domain::metrics::day::DayFigures;
        use redress_domain::metrics::report::{Verdict, platform_sums, report};
        use redress_domain::metrics::window::Window;
        let policy = Policy::default();
        let zone =
            jiff::tz::TimeZone::get(&policy.time_zone).expect("the default policy's zone is known");
        let recorded = self.penalty_positions().await?;
        let mut recounts = BTreeMap::new();
        for (merchant, penalty) in fresh {
            let Some(&position) = recorded.get(&(merchant.to_string(), penalty.id.to_string()))
            else {
                return Err(Failure::new(
                    "penalty_evidence",
                    format!(
                        "merchant {merchant} holds penalty {}, and the log has no event recording it",
                        penalty.id
                    ),
                ));
            };
            let recount = match recounts.entry(position) {
                std::collections::btree_map::Entry::Occupied(known) => known.into_mut(),
                std::collections::btree_map::Entry::Vacant(slot) => {
                    let (recount, _) =
                        redress_store::days::recount(&self.store, &zone, Some(position))
                            .await
                            .map_err(storage)?;
                    slot.insert(recount)
                }
            };
            let window =
                Window::of_evaluation(penalty.evaluated_on, policy.dispute_rate.window_days);
            let mut sums: BTreeMap<&str, DayFigures> = BTreeMap::new();
            for ((m, day), figures) in recount {
                if *day >= window.from && *day <= window.to {
                    sums.entry(m.as_str()).or_default().add(figures);
                }
            }
            let platform = platform_sums(sums.values());
            let mine = sums.get(merchant.as_str()).cloned().unwrap_or_default();
            let oracle = report(&mine, &platform, &policy);
            let (rate, platform_rate, threshold_ppm, breach) = match penalty.kind {
                ViolationKind::DisputeRate => (
                    oracle.dispute_rate.rate,
                    Some(oracle.dispute_rate.platform),
                    oracle.dispute_rate.threshold().ppm().unwrap_or(0),
                    oracle.dispute_rate.verdict == Verdict::Fail,
                ),
                ViolationKind::MassOverdue => (
                    oracle.overdue.share,
                    None,
                    i64::try_from(policy.mass_overdue.violation_share_ppm_min).unwrap_or(i64::MAX),
                    oracle.overdue.violation,
                ),
                ViolationKind::OperatorDecision => continue,
            };
            let e = &penalty.evidence;
            if !breach
                || e.rate != rate
                || e.platform != platform_rate
                || e.threshold_ppm != threshold_ppm
            {
                return Err(Failure::new(
                    "penalty_evidence",
                    format!(
                        "merchant {merchant}'s penalty {} shows rate {:?}, platform {:?}, standard {} ppm; the oracle's recount of {}..={} gives {rate:?}, {platform_rate:?}, {threshold_ppm} ppm, breach {breach}",
                        penalty.id, e.rate, e.platform, e.threshold_ppm, window.from, window.to
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The log position of each merchant penalty's event, by merchant and penalty id.
    async fn penalty_positions(&self) -> Result<BTreeMap<(String, String), i64>, Failure> {
        use redress_domain::merchant::MerchantChange;
        let mut recorded = BTreeMap::new();
        let mut after = 0;
        loop {
            let page = self
                .store
                .events_after(after, 10_000)
                .await
                .map_err(storage)?;
            let Some(last) = page.last() else {
                return Ok(recorded);
            };
            after = last.position;
            for event in page.iter().filter(|e| e.kind == "penalised") {
                let change =
                    redress_store::codec::decode_merchant_change(&event.kind, &event.payload)
                        .map_err(storage)?;
                if let MerchantChange::Penalised(penalty) = change {
                    recorded.insert(
                        (event.merchant_id.clone(), penalty.id.to_string()),
                        event.position,
                    );
                }
            }
        }
    }

    /// The slow checks: projections equal a replay of the log, and the stored metrics equal
    /// the oracle's recount.
    pub async fn heavy(&self) -> Result<(), Failure> {
        let replay = self.store.replay().await.map_err(storage)?;
        if !replay.differences.is_empty() {
            return Err(Failure::new(
                "projections_equal_replay",
                format!(
                    "{} rows differ: {:#?}",
                    replay.differences.len(),
                    replay.differences
                ),
            ));
        }
        let zone = jiff::tz::TimeZone::get(&Policy::default().time_zone)
            .expect("the default policy's zone is known");
        let days = redress_store::days::verify(&self.store, &zone)
            .await
            .map_err(storage)?;
        if !days.differences.is_empty() {
            return Err(Failure::new(
                "metrics_equal_oracle",
                format!(
                    "{} merchant-days differ: {:#?}",
                    days.differences.len(),
                    days.differences
                ),
            ));
        }
        Ok(())
    }
}

/// Refunded ≤ paid per order, and per ticket ≤ what its items cost (plus the shipping fee it
/// includes) and ≤ what it asked; a return-shipping claim, money of its own, within its cap.
fn refunds(order: &Order) -> Result<(), Failure> {
    let over = |what: String, refunded: Money, limit: Money| {
        Failure::new(
            "refunded_within_paid",
            format!(
                "{what} of order {}: refunded {} minor units, more than {} ",
                order.id,
                refunded.minor(),
                limit.minor()
            ),
        )
    };
    let refunded = order.refunded();
    if refunded.minor() > order.paid.minor() {
        return Err(over("the whole".to_owned(), refunded, order.paid));
    }
    // Per line (issue 18): what all tickets refunded on a line stays within what it was paid.
    for item in &order.items {
        let on_line = order.refunded_on(&item.id);
        if on_line > item.amount.minor() {
            return Err(over(
                format!("line {}", item.id),
                Money::new(on_line, order.paid.currency()).unwrap_or(order.paid),
                item.amount,
            ));
        }
    }
    let fee_refunded: i64 = order
        .tickets
        .values()
        .map(|t| t.shipping_fee_refunded())
        .sum();
    if fee_refunded > order.shipping_fee.minor() {
        return Err(over(
            "the shipping fee".to_owned(),
            Money::new(fee_refunded, order.paid.currency()).unwrap_or(order.paid),
            order.shipping_fee,
        ));
    }
    for (id, ticket) in &order.tickets {
        if ticket.is_claim() {
            let cap = redress_domain::shipping::RETURN_SHIPPING_CLAIM_MAX_MINOR;
            if ticket.refunded.minor() > ticket.amount.minor().min(cap) {
                return Err(over(format!("claim {id}"), ticket.refunded, ticket.amount));
            }
            continue;
        }
        let names = ticket.item_ids();
        let items: i64 = order
            .items_of(&names)
            .map(|item| item.amount.minor())
            .sum::<i64>()
            + ticket.shipping_fee.minor();
        if ticket.refunded.minor() > items {
            return Err(over(
                format!("ticket {id} (its items)"),
                ticket.refunded,
                Money::new(items, order.paid.currency()).unwrap_or(order.paid),
            ));
        }
    }
    Ok(())
}
