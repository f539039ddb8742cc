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
pub mod rules;
mod steps;

pub use calendar::{Calendar, CalendarDay};
pub use export::COMPLAINTS_CSV_HEADER;
pub(crate) use export::record as csv_record;
pub use figures::ComplaintFigures;
pub use rules::Rule;
pub use steps::{Correction, DecisionRequest, SweepReport};

use crate::Ledger;
use crate::access::{Actor, Permission, Role};
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
pub enum Kind {
    /// Consumption measured, estimated or assigned; charges; category.
    Billing,
    /// Other commercial matters: connection, meter change, service cut.
    Commercial,
    /// No water, low pressure, a leak, quality.
    Operational,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum Channel {
    Counter,
    /// Only the account holder, who gives a DNI.
    Phone,
    Written,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum Relation {
    Holder,
    Representative,
    User,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum Outcome {
    Founded,
    Partly,
    Unfounded,
}

macro_rules! words {
    ($ty:ident { $($variant:ident => $code:literal, $es:literal, $en:literal, [$($alias:literal),*];)* }) => {
        impl $ty {
            pub fn code(self) -> &'static str {
                match self { $($ty::$variant => $code,)* }
            }
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

words!(Kind {
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
    pub account: String,
    pub kind: Kind,
    pub channel: Channel,
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
    pub description: String,
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
pub enum State {
    Open,
    Decided,
    InReconsideration,
    Appealed,
    Final,
    Withdrawn,
}

impl State {
    pub fn code(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Decided => "decided",
            State::InReconsideration => "in_reconsideration",
            State::Appealed => "appealed",
            State::Final => "final",
            State::Withdrawn => "withdrawn",
        }
    }

    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            State::Open => lang.pick("en trámite", "open"),
            State::Decided => lang.pick("resuelto", "decided"),
            State::InReconsideration => lang.pick("en reconsideración", "in reconsideration"),
            State::Appealed => lang.pick("apelado a la Junta Vecinal", "appealed to the Board"),
            State::Final => lang.pick("firme", "final"),
            State::Withdrawn => lang.pick("desistido", "withdrawn"),
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
    pub on_date: String,
    pub outcome: Option<Outcome>,
    pub by_silence: bool,
    pub reason: String,
    /// The deadline this step began.
    pub due_on: Option<String>,
    /// The last day to appeal, when this step opened the window.
    pub appeal_due: Option<String>,
    /// The credit note of a decision.
    pub note: Option<String>,
    pub credited: Money,
    pub recorded_by: String,
}

/// Where a complaint stands on a day, read from its steps: the columns of complaints.csv and
/// what comes next.
#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Progress {
    pub decided_on: Option<String>,
    pub outcome: Option<Outcome>,
    pub by_silence: bool,
    pub notified_on: Option<String>,
    pub reconsideration_on: Option<String>,
    pub reconsideration_due: Option<String>,
    pub reconsideration_outcome: Option<Outcome>,
    pub appeal_on: Option<String>,
    pub ncb_due: Option<String>,
    pub ncb_decided_on: Option<String>,
    pub ncb_outcome: Option<Outcome>,
    /// The credit notes of its decisions, with tax, as a positive amount.
    pub credited: Money,
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
    pub id: i64,
    pub number: String,
    pub account: String,
    pub holder: String,
    pub kind: Kind,
    pub channel: Channel,
    pub complainant: String,
    pub complainant_id: String,
    pub relation: Relation,
    pub bill: Option<String>,
    pub bill_period: Option<String>,
    pub disputed: Money,
    pub description: String,
    pub contact: String,
    pub filed_on: String,
    pub decision_due: String,
    pub filed_by: String,
    pub steps: Vec<Step>,
    pub state: State,
    pub progress: Progress,
    /// Whether the deadline of the operator's or the Board's next move has passed.
    pub overdue: bool,
}

/// A complaint as filed, with its number and first deadline (`complaints file --json`).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Filed {
    pub number: String,
    pub decision_due: String,
    pub complaint: Complaint,
}

pub(crate) fn day(s: &str) -> NaiveDate {
    crate::period::parse_date(s).unwrap_or(NaiveDate::MIN)
}

fn after(d: NaiveDate) -> NaiveDate {
    d.checked_add_days(Days::new(1)).unwrap_or(d)
}

const COLUMNS: &str =
    "c.id, c.number, c.account, k.name, c.kind, c.channel, c.complainant, c.complainant_id, c.relation,
    b.number, b.period, c.disputed, c.description, c.contact, c.filed_on, c.decision_due, c.filed_by";

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Complaint> {
    Ok(Complaint {
        id: r.get(0)?,
        number: r.get(1)?,
        account: r.get(2)?,
        holder: r.get(3)?,
        kind: Kind::parse(&r.get::<_, String>(4)?).unwrap_or(Kind::Commercial),
        channel: Channel::parse(&r.get::<_, String>(5)?).unwrap_or(Channel::Counter),
        complainant: r.get(6)?,
        complainant_id: r.get(7)?,
        relation: Relation::parse(&r.get::<_, String>(8)?).unwrap_or(Relation::Holder),
        bill: r.get(9)?,
        bill_period: r.get(10)?,
        disputed: Money::from_cents(r.get(11)?),
        description: r.get(12)?,
        contact: r.get(13)?,
        filed_on: r.get(14)?,
        decision_due: r.get(15)?,
        filed_by: r.get(16)?,
        steps: Vec::new(),
        state: State::Open,
        progress: Progress::default(),
        overdue: false,
    })
}

/// The steps of a complaint dated on or before `until`, in the order recorded.
fn steps_of(conn: &Connection, complaint: i64, until: NaiveDate) -> Result<Vec<Step>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.step, s.on_date, s.outcome, s.by_silence, s.reason, s.due_on, s.appeal_due, n.number,
                coalesce(-n.total, 0), s.recorded_by
           FROM complaint_steps s LEFT JOIN notes n ON n.id = s.note_id
          WHERE s.complaint_id = ?1 AND s.on_date <= ?2 ORDER BY s.id",
    )?;
    // Stored dates are `YYYY-MM-DD`: a bound beyond year 9999 is written as its end.
    let until = if until.year() > 9999 {
        "9999-12-31".to_string()
    } else {
        until.to_string()
    };
    let rows = stmt.query_map(rusqlite::params![complaint, until], |r| {
        let outcome: Option<String> = r.get(2)?;
        Ok(Step {
            step: r.get(0)?,
            on_date: r.get(1)?,
            outcome: outcome.as_deref().and_then(Outcome::parse),
            by_silence: r.get::<_, i64>(3)? == 1,
            reason: r.get(4)?,
            due_on: r.get(5)?,
            appeal_due: r.get(6)?,
            note: r.get(7)?,
            credited: Money::from_cents(r.get(8)?),
            recorded_by: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Reads the state and progress from the steps, as of `today` (for `overdue`).
fn settle(c: &mut Complaint, today: NaiveDate) {
    let mut p = Progress {
        next_due: Some(c.decision_due.clone()),
        waiting_for: Some("decide".into()),
        ..Progress::default()
    };
    let mut state = State::Open;
    for s in &c.steps {
        p.credited = p.credited.checked_add(s.credited).unwrap_or(p.credited);
        match s.step.as_str() {
            "decision" => {
                state = State::Decided;
                p.decided_on = Some(s.on_date.clone());
                p.outcome = s.outcome;
                p.by_silence |= s.by_silence;
                if s.by_silence {
                    // A decision by silence counts as notified on its own date.
                    p.notified_on = Some(s.on_date.clone());
                    p.next_due = window_end(s);
                    p.waiting_for = Some("complainant".into());
                } else {
                    p.next_due = s.due_on.clone();
                    p.waiting_for = Some("notify".into());
                }
            }
            "reconsideration_decision" => {
                state = State::Decided;
                p.reconsideration_outcome = s.outcome;
                p.by_silence |= s.by_silence;
                if s.by_silence {
                    p.next_due = window_end(s);
                    p.waiting_for = Some("complainant".into());
                } else {
                    p.next_due = s.due_on.clone();
                    p.waiting_for = Some("notify".into());
                }
            }
            "notification" => {
                if p.reconsideration_on.is_none() {
                    p.notified_on = Some(s.on_date.clone());
                }
                p.next_due = window_end(s);
                p.waiting_for = Some("complainant".into());
            }
            "reconsideration" => {
                state = State::InReconsideration;
                p.reconsideration_on = Some(s.on_date.clone());
                p.reconsideration_due = s.due_on.clone();
                p.next_due = s.due_on.clone();
                p.waiting_for = Some("decide_reconsideration".into());
            }
            "appeal" => {
                state = State::Appealed;
                p.appeal_on = Some(s.on_date.clone());
                p.ncb_due = s.due_on.clone();
                p.next_due = s.due_on.clone();
                p.waiting_for = Some("ncb_decide".into());
            }
            "ncb_decision" => {
                p.ncb_decided_on = Some(s.on_date.clone());
                p.ncb_outcome = s.outcome;
            }
            "final" => {
                state = State::Final;
                p.final_on = Some(s.on_date.clone());
                p.next_due = None;
                p.waiting_for = None;
            }
            "withdrawal" => {
                state = State::Withdrawn;
                p.final_on = Some(s.on_date.clone());
                p.next_due = None;
                p.waiting_for = None;
            }
            _ => {}
        }
    }
    c.overdue = p.waiting_for.as_deref().is_some_and(|w| w != "complainant")
        && p.next_due.as_deref().is_some_and(|d| day(d) < today);
    c.state = state;
    c.progress = p;
}

/// The last day of the windows a step opened (to reconsider, to appeal).
fn window_end(s: &Step) -> Option<String> {
    [s.due_on.as_deref(), s.appeal_due.as_deref()]
        .into_iter()
        .flatten()
        .max()
        .map(str::to_string)
}

/// One complaint by number, with its steps, as of `today`.
pub(crate) fn by_number(conn: &Connection, number: &str, today: NaiveDate) -> Result<Complaint> {
    let number = number.trim().to_ascii_uppercase();
    let found = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM complaints c JOIN connections k ON k.id = c.connection_id
               LEFT JOIN bills b ON b.id = c.bill_id WHERE c.number = ?1"
        ))?
        .query_row([&number], read)
        .optional()?;
    let Some(mut c) = found else {
        return Err(Error::not_found(
            format!("No existe el reclamo {number}."),
            format!("There is no complaint {number}."),
        ));
    };
    c.steps = steps_of(conn, c.id, NaiveDate::MAX)?;
    settle(&mut c, today);
    Ok(c)
}

/// Complaints as a query selects them (`WHERE` on `c`), with their steps.
pub(crate) fn select(conn: &Connection, filter: &str, today: NaiveDate) -> Result<Vec<Complaint>> {
    select_until(conn, filter, today, NaiveDate::MAX)
}

/// The same, as the complaints stood at the end of `until` (steps dated later left out).
fn select_until(conn: &Connection, filter: &str, today: NaiveDate, until: NaiveDate) -> Result<Vec<Complaint>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM complaints c JOIN connections k ON k.id = c.connection_id
           LEFT JOIN bills b ON b.id = c.bill_id WHERE {filter} ORDER BY c.filed_on, c.id"
    ))?;
    let mut out = stmt.query_map([], read)?.collect::<rusqlite::Result<Vec<_>>>()?;
    for c in &mut out {
        c.steps = steps_of(conn, c.id, until)?;
        settle(c, today);
    }
    Ok(out)
}

/// The complaints not final nor withdrawn.
pub(crate) const NOT_CLOSED: &str =
    "NOT EXISTS (SELECT 1 FROM complaint_steps f WHERE f.complaint_id = c.id AND f.step IN ('final', 'withdrawal'))";

fn canonical_complaint(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(
        "SELECT number, json_array(id, number, year, seq, connection_id, account, kind, channel, complainant,
                complainant_id, relation, bill_id, disputed, description, contact, filed_on, decision_due, filed_by)
           FROM complaints WHERE id = ?1",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

fn canonical_step(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(
        "SELECT c.number || ' ' || s.step, json_array(s.id, s.complaint_id, s.step, s.on_date, s.outcome, s.by_silence,
                s.reason, s.due_on, s.appeal_due, s.note_id, s.recorded_by)
           FROM complaint_steps s JOIN complaints c ON c.id = s.complaint_id WHERE s.id = ?1",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

/// Sealed in the hash chain as `complaint` (each field of the canonical content a JSON value:
/// names and descriptions may hold any character).
pub(crate) const RECORD: crate::ledger::chain::RecordKind = crate::ledger::chain::RecordKind {
    name: "complaint",
    content: canonical_complaint,
    table: "complaints",
};

/// Sealed in the hash chain as `complaint_step`.
pub(crate) const STEP_RECORD: crate::ledger::chain::RecordKind = crate::ledger::chain::RecordKind {
    name: "complaint_step",
    content: canonical_step,
    table: "complaint_steps",
};

fn id_problem(id: &str) -> bool {
    !((id.len() == 8 || id.len() == 11) && id.chars().all(|c| c.is_ascii_digit()))
}

impl Ledger {
    /// Files a complaint: checks who may file it, its bill and filing window, numbers it in its
    /// year and gives the first-instance deadline; all inside one write.
    pub fn file_complaint(&mut self, actor: &Actor, req: &NewComplaint) -> Result<Filed> {
        actor.require(Permission::FileComplaints)?;
        if actor.role == Role::Technician && req.kind != Kind::Operational {
            return Err(Error::Forbidden(crate::Text::new(
                "Un técnico registra solo reclamos operacionales (sin agua, baja presión, fugas, calidad).",
                "A technician files only operational complaints (no water, low pressure, leaks, quality).",
            )));
        }
        let account = req.account.trim().to_string();
        let complainant = req.complainant.trim().to_string();
        let complainant_id = req.complainant_id.trim().to_string();
        let description = req.description.trim().to_string();
        let contact = req.contact.trim().to_string();
        let relation = req.relation.unwrap_or(Relation::Holder);
        if complainant.is_empty() {
            return Err(Error::invalid(
                "complainant",
                "Indique el nombre de quien reclama.",
                "Give the complainant's name.",
            ));
        }
        if id_problem(&complainant_id) {
            return Err(Error::invalid(
                "complainant_id",
                format!("«{complainant_id}» no es un DNI (8 cifras) ni un RUC (11 cifras)."),
                format!("«{complainant_id}» is neither a DNI (8 digits) nor a RUC (11 digits)."),
            ));
        }
        if req.channel == Channel::Phone && (relation != Relation::Holder || complainant_id.len() != 8) {
            return Err(Error::invalid(
                "channel",
                "Por teléfono reclama solo el titular de la cuenta, con su DNI.",
                "By phone only the account holder complains, giving a DNI.",
            ));
        }
        if description.is_empty() {
            return Err(Error::invalid(
                "description",
                "Describa el reclamo.",
                "Describe the complaint.",
            ));
        }
        let bill_number = req
            .bill
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .map(str::to_ascii_uppercase);
        if req.kind == Kind::Billing && bill_number.is_none() {
            return Err(Error::invalid(
                "bill",
                "Un reclamo de facturación indica el recibo reclamado.",
                "A billing complaint names the bill complained about.",
            ));
        }
        let amount = req
            .amount
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|a| Money::typed("amount", a))
            .transpose()?;
        if req.kind != Kind::Billing && (bill_number.is_some() || amount.is_some()) {
            return Err(Error::invalid(
                "bill",
                "Solo un reclamo de facturación indica un recibo y un monto reclamado.",
                "Only a billing complaint names a bill and a disputed amount.",
            ));
        }
        let today = self.clock().today();
        let filed_on = req.filed_on.unwrap_or(today);
        self.write(actor, "complaints.file", |tx, _| {
            months::check_entry_date(tx, "filed_on", filed_on, today, ("el reclamo", "the complaint"))?;
            let (connection_id, _) = accounts::connection_of(tx, &account)?;
            let mut bill_id = None;
            let mut disputed = Money::ZERO;
            if let Some(number) = &bill_number {
                let bill = crate::notes::bill_by_number(tx, number)?;
                if bill.connection_id != connection_id {
                    return Err(Error::invalid(
                        "bill",
                        format!("El recibo {number} es de la cuenta {}, no de la {account}.", bill.account),
                        format!("Bill {number} belongs to account {}, not {account}.", bill.account),
                    ));
                }
                let issued = day(&bill.issued_on);
                if filed_on < issued {
                    return Err(Error::invalid(
                        "filed_on",
                        format!("El reclamo no puede ser anterior a su recibo ({}).", Lang::Es.date(issued)),
                        format!("The complaint cannot be dated before its bill ({}).", Lang::En.date(issued)),
                    ));
                }
                let rules = rules::load(tx)?;
                let last = day(&bill.due_on)
                    .checked_add_days(Days::new(u64::from(rules.filing)))
                    .unwrap_or(NaiveDate::MAX);
                if filed_on > last {
                    return Err(Error::invalid(
                        "filed_on",
                        format!(
                            "El plazo para reclamar el recibo {number} venció el {} ({} días calendario desde su vencimiento, el {}).",
                            Lang::Es.date(last),
                            rules.filing,
                            Lang::Es.date(day(&bill.due_on))
                        ),
                        format!(
                            "The time to complain about bill {number} ended on {} ({} calendar days after its due date, {}).",
                            Lang::En.date(last),
                            rules.filing,
                            Lang::En.date(day(&bill.due_on))
                        ),
                    ));
                }
                disputed = amount.unwrap_or(bill.amount_due);
                if disputed <= Money::ZERO || disputed > bill.amount_due {
                    return Err(Error::invalid(
                        "amount",
                        format!("El monto reclamado va de S/ 0.01 a lo que pide el recibo {number} ({}).", bill.amount_due),
                        format!("The disputed amount goes from S/ 0.01 to what bill {number} asks ({}).", bill.amount_due),
                    ));
                }
                let open: Option<String> = tx
                    .prepare_cached(&format!("SELECT number FROM complaints c WHERE c.bill_id = ?1 AND {NOT_CLOSED}"))?
                    .query_row([bill.id], |r| r.get(0))
                    .optional()?;
                if let Some(other) = open {
                    return Err(Error::conflict(
                        format!("El recibo {number} ya está en reclamo ({other}); agregue lo nuevo a ese reclamo."),
                        format!("Bill {number} is already under complaint {other}; add what is new to that one."),
                    ));
                }
                bill_id = Some(bill.id);
            }
            let year = filed_on.year();
            let seq: i64 = tx
                .prepare_cached("SELECT coalesce(max(seq), 0) + 1 FROM complaints WHERE year = ?1")?
                .query_row([year], |r| r.get(0))?;
            let number = format!("REC-{year}-{seq:05}");
            let rules = rules::load(tx)?;
            let due = calendar::Calendar::load(tx)?.working_days_after(filed_on, rules.decision);
            tx.execute(
                "INSERT INTO complaints (number, year, seq, connection_id, account, kind, channel, complainant, complainant_id,
                     relation, bill_id, disputed, description, contact, filed_on, decision_due, filed_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                rusqlite::params![
                    number,
                    year,
                    seq,
                    connection_id,
                    account,
                    req.kind.code(),
                    req.channel.code(),
                    complainant,
                    complainant_id,
                    relation.code(),
                    bill_id,
                    disputed.cents(),
                    description,
                    contact,
                    filed_on.to_string(),
                    due.to_string(),
                    actor.name
                ],
            )?;
            let id = tx.last_insert_rowid();
            let content = canonical_complaint(tx, id)?.map(|c| c.1).unwrap_or_default();
            crate::ledger::chain::Appender::start(tx)?.push(tx, "complaint", id, &content)?;
            let complaint = by_number(tx, &number, today)?;
            let detail = format!("complaint={number} account={account} kind={} disputed={}", req.kind.code(), disputed.plain());
            Ok((
                Filed {
                    number: number.clone(),
                    decision_due: due.to_string(),
                    complaint,
                },
                detail,
            ))
        })
    }

    /// One complaint with its whole timeline.
    pub fn complaint(&self, number: &str) -> Result<Complaint> {
        by_number(self.conn(), number, self.clock().today())
    }

    /// Complaints of one account, newest first.
    pub fn complaints_of_account(&self, account: &str) -> Result<Vec<Complaint>> {
        let (id, _) = accounts::connection_of(self.conn(), account.trim())?;
        let mut out = select(self.conn(), &format!("c.connection_id = {id}"), self.clock().today())?;
        out.reverse();
        Ok(out)
    }

    /// The complaints not yet final (open, decided, in reconsideration, appealed) as of `on`
    /// (default today), oldest first; with `overdue`, only those whose operator's or Board's
    /// deadline has passed.
    pub fn open_complaints(&self, on: Option<NaiveDate>, overdue: bool) -> Result<Vec<Complaint>> {
        let today = on.unwrap_or_else(|| self.clock().today());
        let mut out = select(self.conn(), NOT_CLOSED, today)?;
        if overdue {
            out.retain(|c| c.overdue);
        }
        Ok(out)
    }

    /// The complaints a list shows, by its filter: `open` (not final), `overdue` (the
    /// operator's or the Board's deadline passed), `due_soon` (within 5 working days, or past),
    /// `appealed` (the Board's inbox), `by_silence` (founded by silence, not final yet).
    pub fn complaints_list(&self, filter: &str) -> Result<Vec<Complaint>> {
        match filter {
            "overdue" => self.open_complaints(None, true),
            "due_soon" => self.complaints_due_soon(5),
            "appealed" | "by_silence" => {
                let mut out = self.open_complaints(None, false)?;
                out.retain(|c| {
                    if filter == "appealed" {
                        c.state == State::Appealed
                    } else {
                        c.progress.by_silence
                    }
                });
                Ok(out)
            }
            _ => self.open_complaints(None, false),
        }
    }

    /// Every complaint filed in `[from, to]` (either bound optional), oldest first.
    pub fn complaints_between(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Vec<Complaint>> {
        let from = from.map_or_else(|| "0000-01-01".to_string(), |d| d.to_string());
        let to = to.map_or_else(|| "9999-12-31".to_string(), |d| d.to_string());
        select(
            self.conn(),
            &format!("c.filed_on BETWEEN '{from}' AND '{to}'"),
            self.clock().today(),
        )
    }

    /// The complaints of month `period` as they stood at its end: those filed by its last day
    /// and not final or withdrawn before its first (the bundle's complaints.csv).
    pub fn complaints_of_month(&self, period: crate::Period) -> Result<Vec<Complaint>> {
        let (first, last) = (period.first_day(), period.last_day());
        select_until(
            self.conn(),
            &format!(
                "c.filed_on <= '{last}' AND NOT EXISTS (SELECT 1 FROM complaint_steps f WHERE f.complaint_id = c.id
                   AND f.step IN ('final', 'withdrawal') AND f.on_date < '{first}')"
            ),
            last,
            last,
        )
    }

    /// Deadlines of the operator or the Board due within the next `days` working days (today
    /// included), and overdue ones: the home screen's warnings.
    pub fn complaints_due_soon(&self, days: u32) -> Result<Vec<Complaint>> {
        let today = self.clock().today();
        let limit = self.calendar()?.working_days_after(today, days);
        let mut out = self.open_complaints(Some(today), false)?;
        out.retain(|c| {
            c.progress.waiting_for.as_deref().is_some_and(|w| w != "complainant")
                && c.progress.next_due.as_deref().is_some_and(|d| day(d) <= limit)
        });
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_parse_in_both_languages() {
        assert_eq!(Kind::parse("Facturación"), Some(Kind::Billing));
        assert_eq!(Kind::parse("operational"), Some(Kind::Operational));
        assert_eq!(Channel::parse("teléfono"), Some(Channel::Phone));
        assert_eq!(Outcome::parse("fundado en parte"), Some(Outcome::Partly));
        assert_eq!(Outcome::parse("unfounded"), Some(Outcome::Unfounded));
        assert_eq!(Relation::parse("REPRESENTANTE"), Some(Relation::Representative));
        assert_eq!(Kind::parse("otra cosa"), None);
    }

    #[test]
    fn after_is_the_next_day() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        assert_eq!(after(d), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
    }
}
