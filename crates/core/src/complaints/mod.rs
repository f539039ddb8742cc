//! Complaints (reclamos), docs/complaints.md: a complaint is filed with a gapless
//! `REC-YYYY-NNNNN` number and its decision deadline; every later step (decision,
//! notification, reconsideration, appeal, the Community Board's decision, positive silence,
//! finality, withdrawal) is a new, sealed row — a complaint is never edited. Deadlines are
//! counted in working days of the ledger's calendar and stored with the step that began them.
//! While a billing complaint is not final its disputed amount is frozen in the accounts model
//! (`accounts::disputes`); a founded decision credits the bill with a credit note.

pub mod calendar;
mod export;
mod figures;
mod filing;
mod reading;
pub mod rules;
mod seals;
mod steps;

pub use calendar::{Calendar, CalendarDay};
pub use export::COMPLAINTS_CSV_HEADER;
pub(crate) use export::record as csv_record;
pub use figures::ComplaintFigures;
pub use rules::Rule;
pub use steps::{Correction, DecisionRequest, SweepReport};

pub(crate) use reading::*;
pub(crate) use seals::*;

use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::accounts::{self, months};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::money::Money;
use chrono::{Datelike, Days, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// What a complaint is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum ComplaintKind {
    /// Consumption measured, estimated or assigned; charges; category.
    Billing,
    /// Other commercial matters: connection, meter change, service cut.
    Commercial,
    /// No water, low pressure, a leak, quality.
    Operational,
}

/// How the complaint was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum Channel {
    /// In person, at the counter.
    Counter,
    /// Only the account holder, who gives a DNI.
    Phone,
    /// In writing.
    Written,
}

/// Who complains, with respect to the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum Relation {
    /// The account's holder.
    Holder,
    /// Someone the holder authorized.
    Representative,
    /// Who uses the service (a tenant).
    User,
}

/// A decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum Outcome {
    /// Founded: the complainant is right.
    Founded,
    /// Partly founded.
    Partly,
    /// Unfounded.
    Unfounded,
}

macro_rules! words {
    ($ty:ident { $($variant:ident => $code:literal, $es:literal, $en:literal, [$($alias:literal),*];)* }) => {
        impl $ty {
            /// The word as stored.
            pub fn code(self) -> &'static str {
                match self { $($ty::$variant => $code,)* }
            }
            /// The word in `lang`.
            pub fn word(self, lang: Lang) -> &'static str {
                match self { $($ty::$variant => lang.pick($es, $en),)* }
            }
            /// The code, or its Spanish or English word, without accents or case.
            pub fn parse(s: &str) -> Option<$ty> {
                let s = crate::text::normalize_key(s);
                $(if [$code, $es, $en $(, $alias)*].iter().any(|w| crate::text::normalize_key(w) == s) {
                    return Some($ty::$variant);
                })*
                None
            }
        }
    };
}

words!(ComplaintKind {
    Billing => "billing", "facturación", "billing", ["facturacion", "comercial-facturacion"];
    Commercial => "commercial", "comercial", "commercial", ["comercial no relativo a facturacion"];
    Operational => "operational", "operacional", "operational", ["operativo"];
});
words!(Channel {
    Counter => "counter", "ventanilla", "counter", ["presencial", "oficina"];
    Phone => "phone", "teléfono", "phone", ["telefono", "telefonico"];
    Written => "written", "escrito", "written", ["carta"];
});
words!(Relation {
    Holder => "holder", "titular", "holder", [];
    Representative => "representative", "representante", "representative", [];
    User => "user", "usuario", "user", ["ocupante"];
});
words!(Outcome {
    Founded => "founded", "fundado", "founded", [];
    Partly => "partly", "fundado en parte", "partly founded", ["fundado_en_parte", "en parte", "partly_founded"];
    Unfounded => "unfounded", "infundado", "unfounded", [];
});

/// A complaint as the clerk files it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct NewComplaint {
    /// The account complained about.
    pub account: String,
    /// What it is about.
    pub kind: ComplaintKind,
    /// How it was made.
    pub channel: Channel,
    /// Who complains.
    pub complainant: String,
    /// DNI (8 digits) or RUC (11 digits).
    pub complainant_id: String,
    /// Default: the holder.
    #[serde(default)]
    pub relation: Option<Relation>,
    /// Billing complaints: the bill's number.
    #[serde(default)]
    pub bill: Option<String>,
    /// Billing complaints: the amount disputed as typed (`12.50`, `12,50`; default: the bill's
    /// amount due; never more).
    #[serde(default)]
    pub amount: Option<String>,
    /// What they say.
    pub description: String,
    /// How to reach them.
    #[serde(default)]
    pub contact: String,
    /// Default today.
    #[serde(default)]
    pub filed_on: Option<NaiveDate>,
}

/// Where a complaint stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum ComplaintState {
    /// Filed, waiting for the first decision.
    Open,
    /// Decided in the first instance.
    Decided,
    /// The complainant asked for reconsideration.
    InReconsideration,
    /// Appealed to the Community Board.
    Appealed,
    /// Final: nothing more may be asked.
    Final,
    /// Withdrawn by the complainant.
    Withdrawn,
}

impl ComplaintState {
    /// The state as the window and exports name it.
    pub fn code(self) -> &'static str {
        match self {
            ComplaintState::Open => "open",
            ComplaintState::Decided => "decided",
            ComplaintState::InReconsideration => "in_reconsideration",
            ComplaintState::Appealed => "appealed",
            ComplaintState::Final => "final",
            ComplaintState::Withdrawn => "withdrawn",
        }
    }

    /// The state in `lang`.
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            ComplaintState::Open => lang.pick("en trámite", "open"),
            ComplaintState::Decided => lang.pick("resuelto", "decided"),
            ComplaintState::InReconsideration => lang.pick("en reconsideración", "in reconsideration"),
            ComplaintState::Appealed => lang.pick("apelado a la Junta Vecinal", "appealed to the Board"),
            ComplaintState::Final => lang.pick("firme", "final"),
            ComplaintState::Withdrawn => lang.pick("desistido", "withdrawn"),
        }
    }
}

/// One step of a complaint, as recorded.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Step {
    /// `decision`, `notification`, `reconsideration`, `reconsideration_decision`, `appeal`,
    /// `ncb_decision`, `final` or `withdrawal`.
    pub step: String,
    /// The step's date (ISO).
    pub on_date: String,
    /// Its decision, if it is one.
    pub outcome: Option<Outcome>,
    /// Whether that decision came by positive silence.
    pub by_silence: bool,
    /// Its reason.
    pub reason: String,
    /// The deadline this step began.
    pub due_on: Option<String>,
    /// The last day to appeal, when this step opened the window.
    pub appeal_due: Option<String>,
    /// The credit note of a decision.
    pub note: Option<String>,
    /// What its credit note credited.
    pub credited: Money,
    /// Who recorded it.
    pub recorded_by: String,
}

/// Where a complaint stands on a day, read from its steps: the columns of complaints.csv and
/// what comes next.
#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Progress {
    /// The first decision's date.
    pub decided_on: Option<String>,
    /// The first decision.
    pub outcome: Option<Outcome>,
    /// Whether it came by positive silence.
    pub by_silence: bool,
    /// When the decision was notified.
    pub notified_on: Option<String>,
    /// When reconsideration was asked.
    pub reconsideration_on: Option<String>,
    /// When reconsideration must be decided.
    pub reconsideration_due: Option<String>,
    /// The reconsideration's decision.
    pub reconsideration_outcome: Option<Outcome>,
    /// When it was appealed.
    pub appeal_on: Option<String>,
    /// When the Board must decide.
    pub ncb_due: Option<String>,
    /// When the Board decided.
    pub ncb_decided_on: Option<String>,
    /// The Board's decision.
    pub ncb_outcome: Option<Outcome>,
    /// The credit notes of its decisions, with tax, as a positive amount.
    pub credited: Money,
    /// When it became final.
    pub final_on: Option<String>,
    /// The next deadline: of the operator or the Board to act (decide, notify), or of the
    /// complainant to reconsider or appeal.
    pub next_due: Option<String>,
    /// Whose move it is: `decide`, `notify`, `decide_reconsideration`, `ncb_decide`,
    /// `complainant` (the window to reconsider or appeal), or none when closed.
    pub waiting_for: Option<String>,
}

/// A complaint with its steps and where it stands.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Complaint {
    /// Its id.
    pub id: i64,
    /// Its number (`REC-YYYY-NNNNN`).
    pub number: String,
    /// The account.
    pub account: String,
    /// The holder's name.
    pub holder: String,
    /// What it is about.
    pub kind: ComplaintKind,
    /// How it was made.
    pub channel: Channel,
    /// Who complains.
    pub complainant: String,
    /// Their DNI or RUC.
    pub complainant_id: String,
    /// Who they are to the account.
    pub relation: Relation,
    /// The bill complained about, if any.
    pub bill: Option<String>,
    /// That bill's period.
    pub bill_period: Option<String>,
    /// The amount disputed (frozen while the complaint is not final).
    pub disputed: Money,
    /// What they say.
    pub description: String,
    /// How to reach them.
    pub contact: String,
    /// When it was filed (ISO).
    pub filed_on: String,
    /// When the first decision is due (working days from filing).
    pub decision_due: String,
    /// Who filed it.
    pub filed_by: String,
    /// Every step after filing, oldest first.
    pub steps: Vec<Step>,
    /// Where it stands, read from its steps.
    pub state: ComplaintState,
    /// Its dates and decisions, read from its steps.
    pub progress: Progress,
    /// Whether the deadline of the operator's or the Board's next move has passed.
    pub overdue: bool,
}

/// A complaint as filed, with its number and first deadline (`complaints file --json`).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Filed {
    /// The complaint's number.
    pub number: String,
    /// When the first decision is due.
    pub decision_due: String,
    /// The complaint as filed.
    pub complaint: Complaint,
}

pub(crate) fn day(s: &str) -> NaiveDate {
    crate::period::parse_date(s).unwrap_or(NaiveDate::MIN)
}

fn after(d: NaiveDate) -> NaiveDate {
    d.checked_add_days(Days::new(1)).unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_parse_in_both_languages() {
        assert_eq!(ComplaintKind::parse("Facturación"), Some(ComplaintKind::Billing));
        assert_eq!(ComplaintKind::parse("operational"), Some(ComplaintKind::Operational));
        assert_eq!(Channel::parse("teléfono"), Some(Channel::Phone));
        assert_eq!(Outcome::parse("fundado en parte"), Some(Outcome::Partly));
        assert_eq!(Outcome::parse("unfounded"), Some(Outcome::Unfounded));
        assert_eq!(Relation::parse("REPRESENTANTE"), Some(Relation::Representative));
        assert_eq!(ComplaintKind::parse("otra cosa"), None);
    }

    #[test]
    fn after_is_the_next_day() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        assert_eq!(after(d), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
    }
}
