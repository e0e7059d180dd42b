//! The marketplace model: every adjustable parameter of the simulation, read from a TOML file
//! with defaults for whatever it leaves out. docs/SIMULATOR.md gives each default its source
//! (a published figure, or "assumption").
//!
//! Shares are probabilities in [0, 1]. Durations are `Spread`s: three quantiles, between which
//! draws are linear, so no transcendental function (whose last bits vary by platform) is used.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A duration or amount given by its 10th, 50th and 90th percentiles. Draws are piecewise
/// linear between them, with tails from `p10 / 2` below and to `p90 + (p90 - p50)` above.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spread {
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
}

impl Spread {
    pub const fn new(p10: f64, p50: f64, p90: f64) -> Spread {
        Spread { p10, p50, p90 }
    }

    /// The value at quantile `u` in [0, 1).
    pub fn quantile(&self, u: f64) -> f64 {
        let lerp = |a: f64, b: f64, t: f64| a + (b - a) * t;
        if u < 0.1 {
            lerp(self.p10 * 0.5, self.p10, u / 0.1)
        } else if u < 0.5 {
            lerp(self.p10, self.p50, (u - 0.1) / 0.4)
        } else if u < 0.9 {
            lerp(self.p50, self.p90, (u - 0.5) / 0.4)
        } else {
            lerp(self.p90, self.p90 + (self.p90 - self.p50), (u - 0.9) / 0.1)
        }
    }

    /// The mean of the piecewise-linear distribution.
    pub fn mean(&self) -> f64 {
        0.1 * (self.p10 * 0.75)
            + 0.4 * (self.p10 + self.p50) / 2.0
            + 0.4 * (self.p50 + self.p90) / 2.0
            + 0.1 * (self.p90 + (self.p90 - self.p50) / 2.0)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Model {
    /// Shown in reports.
    pub name: String,
    /// First simulated day (platform date); the simulation starts at its midnight.
    pub start: String,
    /// The simulated actors act on a grid of this many minutes; deadlines still fire at their
    /// own instants.
    pub tick_minutes: u32,
    /// Orders paid per simulated day, over the whole marketplace.
    pub orders_per_day: u32,
    pub currency: String,
    pub merchants: Merchants,
    pub profiles: Vec<Profile>,
    pub buyers: Buyers,
    pub categories: Vec<Category>,
    pub logistics: Logistics,
    pub payments: Payments,
    pub arbitration: Arbitration,
    pub feedback: Feedback,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Merchants {
    pub count: u32,
    /// Sizes: each merchant gets one, by share; `volume` weighs its share of the orders.
    pub sizes: Vec<Size>,
    /// Display names, used in order; merchants past the list are named by number.
    pub names: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Size {
    pub name: String,
    pub share: f64,
    pub volume: f64,
}

/// How a merchant handles after-sales.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Profile {
    pub name: String,
    /// Share of merchants with this profile.
    pub share: f64,
    /// Request → the merchant's answer, hours.
    pub response_hours: Spread,
    /// Share of well-founded requests the merchant tries to reject.
    pub reject_founded_share: f64,
    /// Share of unfounded (abusive) requests the merchant tries to reject.
    pub reject_unfounded_share: f64,
    /// Share of rejections the merchant can back with the evidence its scenario requires;
    /// without it the engine refuses the rejection and the merchant approves instead.
    pub evidence_diligence: f64,
    /// Payment → parcel handed to the carrier, hours.
    pub ship_hours: Spread,
    /// Share of parcels whose tracking number is entered late (the system shows unshipped).
    pub tracking_lapse_share: f64,
    /// How late, hours after the parcel left.
    pub tracking_lapse_hours: Spread,
    /// Share of these merchants opted in to their own fast refund.
    pub fast_refund_share: f64,
    /// Share of these merchants using auto-approve strategies (售后小助手).
    pub auto_approve_share: f64,
    /// On a refund-only request for a parcel on its way: share answered with refuse-and-refund
    /// (同意拒收后退款) rather than a plain approval.
    pub refuse_and_refund_share: f64,
    /// Share of disputes the merchant settles before the verdict.
    pub settle_share: f64,
    /// Return signed → the merchant confirms the refund, hours.
    pub return_confirm_hours: Spread,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Buyers {
    pub count: u32,
    /// Share with a trusted account (old, many completed orders, few refunds).
    pub trusted_share: f64,
    /// Share who abuse after-sales: unfounded claims, more often and more insistently.
    pub abuser_share: f64,
    /// Abusers open requests this many times as often as others.
    pub abuser_request_multiplier: f64,
    /// Share of abusers the platform has restricted (they lose fast refund).
    pub abuser_restricted_share: f64,
    /// Share of rejected, well-founded requests the buyer escalates to the platform.
    pub escalation_share: f64,
    /// Share of rejected, unfounded requests an abuser escalates.
    pub abuser_escalation_share: f64,
    /// Approval → the buyer ships the return, hours.
    pub return_ship_hours: Spread,
    /// Share of approved returns the buyer never ships (the ticket closes).
    pub return_abandon_share: f64,
    /// Rejection → escalation, hours.
    pub escalation_hours: Spread,
    /// Share of buyers who ask for a refund when their order still shows unshipped
    /// `unshipped_patience_hours` after payment (slow shipping, or a tracking number
    /// entered late while the parcel is already on its way).
    pub unshipped_request_share: f64,
    pub unshipped_patience_hours: f64,
}

/// A product category and what buyers do with it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Category {
    pub name: String,
    /// Share of orders.
    pub share: f64,
    /// Paid amount, yuan.
    pub price_yuan: Spread,
    /// Share of delivered orders returned without a fault (seven-day no-reason, or "don't
    /// want" where the product is not eligible).
    pub return_share: f64,
    /// Share of delivered orders with a real fault: quality, not as described, damage.
    pub defect_share: f64,
    /// Share of orders the buyer wants refunded before the parcel arrives (changed mind).
    pub cancel_share: f64,
    pub seven_day_return: bool,
    pub custom: bool,
    pub virtual_goods: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Logistics {
    /// Parcel handed over → delivered, hours.
    pub transit_hours: Spread,
    /// Share of parcels that stall on the way.
    pub stall_share: f64,
    /// Extra hours a stalled parcel takes.
    pub stall_hours: Spread,
    /// Share of stalled parcels whose buyer asks for a refund while waiting.
    pub stall_request_share: f64,
    /// Share of parcels lost.
    pub loss_share: f64,
    /// Who signs: shares of proxy (代收), locker with consent, locker without consent; the
    /// rest are signed by the buyer.
    pub proxy_share: f64,
    pub locker_with_consent_share: f64,
    pub locker_without_consent_share: f64,
    /// Share of locker deliveries without consent whose buyer then says "not received".
    pub locker_complaint_share: f64,
    /// Return parcel: shipped → signed by the merchant, hours.
    pub return_transit_hours: Spread,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Payments {
    /// Refund requested → the payment integration confirms, minutes.
    pub refund_minutes: Spread,
    /// Share of refund attempts that fail (退款异常) and are retried.
    pub failure_share: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Arbitration {
    /// Evidence window closed → verdict, hours.
    pub verdict_hours: Spread,
    /// Share of disputes where the arbitrator follows the verdict helper when it suggests.
    pub follow_suggestion_share: f64,
    /// Without a suggestion: share of well-founded disputes found merchant-responsible.
    pub merchant_founded_share: f64,
    /// Without a suggestion: share of unfounded disputes found merchant-responsible.
    pub merchant_unfounded_share: f64,
}

/// How penalties change a merchant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Feedback {
    /// After each penalty, rejection shares are multiplied by this.
    pub reject_multiplier: f64,
    /// After each penalty, response times are multiplied by this.
    pub response_multiplier: f64,
    /// After a penalty, share of merchants without strategies who turn them on.
    pub adopt_auto_approve_share: f64,
}

impl Default for Model {
    fn default() -> Self {
        Model {
            name: "default".to_owned(),
            start: "2026-03-02".to_owned(),
            tick_minutes: 30,
            orders_per_day: 5_000,
            currency: "CNY".to_owned(),
            merchants: Merchants::default(),
            profiles: vec![
                Profile {
                    name: "diligent".to_owned(),
                    share: 0.5,
                    ..Profile::default()
                },
                Profile {
                    name: "average".to_owned(),
                    share: 0.35,
                    response_hours: Spread::new(4.0, 20.0, 44.0),
                    reject_founded_share: 0.15,
                    reject_unfounded_share: 0.6,
                    evidence_diligence: 0.6,
                    ship_hours: Spread::new(8.0, 30.0, 60.0),
                    tracking_lapse_share: 0.03,
                    auto_approve_share: 0.3,
                    refuse_and_refund_share: 0.3,
                    settle_share: 0.2,
                    return_confirm_hours: Spread::new(6.0, 24.0, 46.0),
                    ..Profile::default()
                },
                Profile {
                    name: "careless".to_owned(),
                    share: 0.15,
                    response_hours: Spread::new(12.0, 40.0, 72.0),
                    reject_founded_share: 0.35,
                    reject_unfounded_share: 0.7,
                    evidence_diligence: 0.35,
                    ship_hours: Spread::new(24.0, 48.0, 96.0),
                    tracking_lapse_share: 0.08,
                    fast_refund_share: 0.0,
                    auto_approve_share: 0.05,
                    refuse_and_refund_share: 0.1,
                    settle_share: 0.1,
                    return_confirm_hours: Spread::new(12.0, 40.0, 72.0),
                    ..Profile::default()
                },
            ],
            buyers: Buyers::default(),
            categories: vec![
                Category {
                    name: "apparel".to_owned(),
                    share: 0.4,
                    price_yuan: Spread::new(39.0, 99.0, 259.0),
                    return_share: 0.3,
                    defect_share: 0.03,
                    cancel_share: 0.04,
                    ..Category::default()
                },
                Category {
                    name: "beauty".to_owned(),
                    share: 0.15,
                    price_yuan: Spread::new(29.0, 89.0, 199.0),
                    return_share: 0.04,
                    defect_share: 0.02,
                    cancel_share: 0.03,
                    ..Category::default()
                },
                Category {
                    name: "food".to_owned(),
                    share: 0.15,
                    price_yuan: Spread::new(15.0, 39.0, 99.0),
                    return_share: 0.01,
                    defect_share: 0.02,
                    cancel_share: 0.02,
                    seven_day_return: false,
                    ..Category::default()
                },
                Category {
                    name: "home".to_owned(),
                    share: 0.15,
                    price_yuan: Spread::new(19.0, 69.0, 299.0),
                    return_share: 0.06,
                    defect_share: 0.03,
                    cancel_share: 0.03,
                    ..Category::default()
                },
                Category {
                    name: "electronics".to_owned(),
                    share: 0.1,
                    price_yuan: Spread::new(99.0, 299.0, 1999.0),
                    return_share: 0.04,
                    defect_share: 0.02,
                    cancel_share: 0.03,
                    ..Category::default()
                },
                Category {
                    name: "custom_prints".to_owned(),
                    share: 0.03,
                    price_yuan: Spread::new(29.0, 79.0, 199.0),
                    return_share: 0.0,
                    defect_share: 0.03,
                    cancel_share: 0.02,
                    seven_day_return: false,
                    custom: true,
                    ..Category::default()
                },
                Category {
                    name: "virtual_top_up".to_owned(),
                    share: 0.02,
                    price_yuan: Spread::new(10.0, 50.0, 100.0),
                    return_share: 0.0,
                    defect_share: 0.005,
                    cancel_share: 0.01,
                    seven_day_return: false,
                    virtual_goods: true,
                    ..Category::default()
                },
            ],
            logistics: Logistics::default(),
            payments: Payments::default(),
            arbitration: Arbitration::default(),
            feedback: Feedback::default(),
        }
    }
}

impl Default for Merchants {
    fn default() -> Self {
        Merchants {
            count: 200,
            sizes: vec![
                Size {
                    name: "large".to_owned(),
                    share: 0.05,
                    volume: 40.0,
                },
                Size {
                    name: "medium".to_owned(),
                    share: 0.25,
                    volume: 8.0,
                },
                Size {
                    name: "small".to_owned(),
                    share: 0.7,
                    volume: 1.0,
                },
            ],
            names: Vec::new(),
        }
    }
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            name: "profile".to_owned(),
            share: 1.0,
            response_hours: Spread::new(1.0, 6.0, 20.0),
            reject_founded_share: 0.05,
            reject_unfounded_share: 0.5,
            evidence_diligence: 0.9,
            ship_hours: Spread::new(4.0, 20.0, 40.0),
            tracking_lapse_share: 0.01,
            tracking_lapse_hours: Spread::new(6.0, 24.0, 60.0),
            fast_refund_share: 0.3,
            auto_approve_share: 0.6,
            refuse_and_refund_share: 0.6,
            settle_share: 0.4,
            return_confirm_hours: Spread::new(2.0, 12.0, 30.0),
        }
    }
}

impl Default for Buyers {
    fn default() -> Self {
        Buyers {
            count: 20_000,
            trusted_share: 0.6,
            abuser_share: 0.02,
            abuser_request_multiplier: 4.0,
            abuser_restricted_share: 0.3,
            escalation_share: 0.4,
            abuser_escalation_share: 0.7,
            return_ship_hours: Spread::new(4.0, 24.0, 96.0),
            return_abandon_share: 0.08,
            escalation_hours: Spread::new(1.0, 12.0, 72.0),
            unshipped_request_share: 0.3,
            unshipped_patience_hours: 36.0,
        }
    }
}

impl Default for Category {
    fn default() -> Self {
        Category {
            name: "general".to_owned(),
            share: 1.0,
            price_yuan: Spread::new(29.0, 79.0, 199.0),
            return_share: 0.05,
            defect_share: 0.02,
            cancel_share: 0.03,
            seven_day_return: true,
            custom: false,
            virtual_goods: false,
        }
    }
}

impl Default for Logistics {
    fn default() -> Self {
        Logistics {
            transit_hours: Spread::new(24.0, 48.0, 80.0),
            stall_share: 0.03,
            stall_hours: Spread::new(48.0, 96.0, 192.0),
            stall_request_share: 0.3,
            loss_share: 0.002,
            proxy_share: 0.15,
            locker_with_consent_share: 0.25,
            locker_without_consent_share: 0.03,
            locker_complaint_share: 0.2,
            return_transit_hours: Spread::new(24.0, 48.0, 80.0),
        }
    }
}

impl Default for Payments {
    fn default() -> Self {
        Payments {
            refund_minutes: Spread::new(1.0, 10.0, 120.0),
            failure_share: 0.005,
        }
    }
}

impl Default for Arbitration {
    fn default() -> Self {
        Arbitration {
            verdict_hours: Spread::new(4.0, 24.0, 60.0),
            follow_suggestion_share: 0.95,
            merchant_founded_share: 0.8,
            merchant_unfounded_share: 0.1,
        }
    }
}

impl Default for Feedback {
    fn default() -> Self {
        Feedback {
            reject_multiplier: 0.5,
            response_multiplier: 0.6,
            adopt_auto_approve_share: 0.5,
        }
    }
}

/// A model that cannot run, naming the key.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("reading {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: String, message: String },
    #[error("{}", .problems.join("; "))]
    Invalid { problems: Vec<String> },
}

/// The chinese shop names of the demo marketplace, with their ASCII ids' stems.
const DEMO_NAMES: [&str; 10] = [
    "丽华服饰旗舰店",
    "小米有品数码专营店",
    "江南美妆小铺",
    "老王家居百货",
    "三只松鼠零食铺",
    "潮流男装工作室",
    "宝贝母婴优选",
    "极客电子商行",
    "花间定制印社",
    "云端充值中心",
];

impl Model {
    /// A small marketplace for `redress demo`: 10 merchants with shop names, 400 buyers,
    /// 120 orders a day; about 4,000 orders over five weeks.
    pub fn demo() -> Model {
        let mut model = Model {
            name: "demo".to_owned(),
            tick_minutes: 60,
            orders_per_day: 120,
            ..Model::default()
        };
        model.merchants.count = 10;
        model.merchants.names = DEMO_NAMES.iter().map(|n| (*n).to_owned()).collect();
        model.buyers.count = 400;
        // A few more abusers and careless merchants, so that a five-week demo shows disputes
        // and penalties.
        model.buyers.abuser_share = 0.05;
        model.profiles[2].share = 0.3;
        model
    }

    /// A tiny marketplace for tests: a few merchants, a few hundred orders.
    pub fn small() -> Model {
        let mut model = Model {
            name: "small".to_owned(),
            tick_minutes: 60,
            orders_per_day: 60,
            ..Model::default()
        };
        model.merchants.count = 8;
        model.buyers.count = 200;
        model.buyers.abuser_share = 0.05;
        model
    }

    /// The first instant of the simulation: midnight of `start` in the platform's zone. Start
    /// an engine's `ManualClock` here (or earlier) before calling `run`.
    pub fn origin(&self, zone: &jiff::tz::TimeZone) -> Result<jiff::Timestamp, ModelError> {
        let invalid = |problem: String| ModelError::Invalid {
            problems: vec![format!("start: {:?} {problem}", self.start)],
        };
        let day: jiff::civil::Date = self.start.parse().map_err(|e| invalid(format!("{e}")))?;
        day.to_zoned(zone.clone())
            .map(|z| z.timestamp())
            .map_err(|e| invalid(format!("{e}")))
    }

    pub fn parse(text: &str, path: &str) -> Result<Model, ModelError> {
        let model: Model = toml::from_str(text).map_err(|e| ModelError::Parse {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        model.validate()?;
        Ok(model)
    }

    pub fn load(path: &std::path::Path) -> Result<Model, ModelError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ModelError::Read {
            path: shown.clone(),
            source,
        })?;
        Model::parse(&text, &shown)
    }

    /// The model as TOML, complete with every default.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("the model serialises")
    }

    /// Every problem, each naming its key.
    pub fn validate(&self) -> Result<(), ModelError> {
        let mut v = Validator::default();
        if jiff::civil::Date::strptime("%Y-%m-%d", &self.start).is_err() {
            v.bad("start", &self.start, "is not a date YYYY-MM-DD");
        }
        if self.tick_minutes == 0 || 1440 % self.tick_minutes != 0 {
            v.bad(
                "tick_minutes",
                self.tick_minutes,
                "must divide a day (1440) evenly",
            );
        }
        v.positive("orders_per_day", self.orders_per_day);
        if redress_domain::Currency::parse(&self.currency).is_err() {
            v.bad("currency", &self.currency, "is not a currency code");
        }
        v.positive("merchants.count", self.merchants.count);
        v.nonempty("merchants.sizes", self.merchants.sizes.len());
        for (i, size) in self.merchants.sizes.iter().enumerate() {
            v.weight(&format!("merchants.sizes[{i}].share"), size.share);
            v.weight(&format!("merchants.sizes[{i}].volume"), size.volume);
        }
        v.nonempty("profiles", self.profiles.len());
        for (i, p) in self.profiles.iter().enumerate() {
            let key = |k: &str| format!("profiles[{i}].{k}");
            v.weight(&key("share"), p.share);
            v.spread(&key("response_hours"), &p.response_hours);
            v.share(&key("reject_founded_share"), p.reject_founded_share);
            v.share(&key("reject_unfounded_share"), p.reject_unfounded_share);
            v.share(&key("evidence_diligence"), p.evidence_diligence);
            v.spread(&key("ship_hours"), &p.ship_hours);
            v.share(&key("tracking_lapse_share"), p.tracking_lapse_share);
            v.spread(&key("tracking_lapse_hours"), &p.tracking_lapse_hours);
            v.share(&key("fast_refund_share"), p.fast_refund_share);
            v.share(&key("auto_approve_share"), p.auto_approve_share);
            v.share(&key("refuse_and_refund_share"), p.refuse_and_refund_share);
            v.share(&key("settle_share"), p.settle_share);
            v.spread(&key("return_confirm_hours"), &p.return_confirm_hours);
        }
        let b = &self.buyers;
        v.positive("buyers.count", b.count);
        v.share("buyers.trusted_share", b.trusted_share);
        v.share("buyers.abuser_share", b.abuser_share);
        v.weight(
            "buyers.abuser_request_multiplier",
            b.abuser_request_multiplier,
        );
        v.share("buyers.abuser_restricted_share", b.abuser_restricted_share);
        v.share("buyers.escalation_share", b.escalation_share);
        v.share("buyers.abuser_escalation_share", b.abuser_escalation_share);
        v.spread("buyers.return_ship_hours", &b.return_ship_hours);
        v.share("buyers.return_abandon_share", b.return_abandon_share);
        v.spread("buyers.escalation_hours", &b.escalation_hours);
        v.share("buyers.unshipped_request_share", b.unshipped_request_share);
        v.weight(
            "buyers.unshipped_patience_hours",
            b.unshipped_patience_hours,
        );
        v.nonempty("categories", self.categories.len());
        for (i, c) in self.categories.iter().enumerate() {
            let key = |k: &str| format!("categories[{i}].{k}");
            v.weight(&key("share"), c.share);
            v.spread(&key("price_yuan"), &c.price_yuan);
            if c.price_yuan.p10 < 0.01 {
                v.bad(
                    &key("price_yuan.p10"),
                    c.price_yuan.p10,
                    "must be at least 0.01",
                );
            }
            v.share(&key("return_share"), c.return_share);
            v.share(&key("defect_share"), c.defect_share);
            v.share(&key("cancel_share"), c.cancel_share);
            if c.name.is_empty() || c.name.len() > 64 {
                v.bad(&key("name"), &c.name, "must be 1 to 64 characters");
            }
        }
        let l = &self.logistics;
        v.spread("logistics.transit_hours", &l.transit_hours);
        v.share("logistics.stall_share", l.stall_share);
        v.spread("logistics.stall_hours", &l.stall_hours);
        v.share("logistics.stall_request_share", l.stall_request_share);
        v.share("logistics.loss_share", l.loss_share);
        v.share("logistics.proxy_share", l.proxy_share);
        v.share(
            "logistics.locker_with_consent_share",
            l.locker_with_consent_share,
        );
        v.share(
            "logistics.locker_without_consent_share",
            l.locker_without_consent_share,
        );
        let signers = l.proxy_share + l.locker_with_consent_share + l.locker_without_consent_share;
        if signers > 1.0 {
            v.bad(
                "logistics.proxy_share",
                signers,
                "plus the two locker shares must be at most 1",
            );
        }
        v.share("logistics.locker_complaint_share", l.locker_complaint_share);
        v.spread("logistics.return_transit_hours", &l.return_transit_hours);
        v.spread("payments.refund_minutes", &self.payments.refund_minutes);
        v.share("payments.failure_share", self.payments.failure_share);
        let a = &self.arbitration;
        v.spread("arbitration.verdict_hours", &a.verdict_hours);
        v.share(
            "arbitration.follow_suggestion_share",
            a.follow_suggestion_share,
        );
        v.share(
            "arbitration.merchant_founded_share",
            a.merchant_founded_share,
        );
        v.share(
            "arbitration.merchant_unfounded_share",
            a.merchant_unfounded_share,
        );
        let f = &self.feedback;
        v.share("feedback.reject_multiplier", f.reject_multiplier);
        v.share("feedback.response_multiplier", f.response_multiplier);
        v.share(
            "feedback.adopt_auto_approve_share",
            f.adopt_auto_approve_share,
        );
        for (key, total) in [
            (
                "merchants.sizes",
                self.merchants.sizes.iter().map(|x| x.share).sum::<f64>(),
            ),
            ("profiles", self.profiles.iter().map(|x| x.share).sum()),
            ("categories", self.categories.iter().map(|x| x.share).sum()),
        ] {
            if total <= 0.0 {
                v.problems.push(format!(
                    "{key}: the shares add up to 0; at least one must be positive"
                ));
            }
        }
        v.finish()
    }
}

#[derive(Default)]
struct Validator {
    problems: Vec<String>,
}

impl Validator {
    fn bad(&mut self, key: &str, value: impl fmt::Display, problem: &str) {
        self.problems.push(format!("{key}: {value} {problem}"));
    }

    fn share(&mut self, key: &str, value: f64) {
        if !(0.0..=1.0).contains(&value) {
            self.bad(key, value, "is not a share between 0 and 1");
        }
    }

    fn weight(&mut self, key: &str, value: f64) {
        if !(value.is_finite() && value >= 0.0) {
            self.bad(key, value, "must be a number of at least 0");
        }
    }

    fn positive(&mut self, key: &str, value: u32) {
        if value == 0 {
            self.bad(key, value, "must be at least 1");
        }
    }

    fn nonempty(&mut self, key: &str, len: usize) {
        if len == 0 {
            self.problems.push(format!("{key}: must not be empty"));
        }
    }

    fn spread(&mut self, key: &str, s: &Spread) {
        let ok = s.p10.is_finite()
            && s.p90.is_finite()
            && 0.0 <= s.p10
            && s.p10 <= s.p50
            && s.p50 <= s.p90
            && s.p90 <= 1.0e7;
        if !ok {
            self.problems.push(format!(
                "{key}: p10 {}, p50 {}, p90 {} must be finite and 0 ≤ p10 ≤ p50 ≤ p90",
                s.p10, s.p50, s.p90
            ));
        }
    }

    fn finish(self) -> Result<(), ModelError> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(ModelError::Invalid {
                problems: self.problems,
            })
        }
    }
}
