//! The steps after filing: decisions (with their credit notes), notifications,
//! reconsideration, appeal, the Community Board's decision, withdrawal, and the sweep that
//! applies positive silence and finality. Each is one write; each refusal names the rule.

use super::calendar::Calendar;
use super::rules::{self, Rules};
use super::{Complaint, ComplaintKind, ComplaintState, NOT_CLOSED, Outcome, after, by_number, day, select};
use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::accounts::months;
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::ledger::chain::Appender;
use crate::money::Money;
use crate::notes::{self, NoteKind};
use crate::period::Period;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
mod requests;
mod sweep;

/// How a favourable decision corrects the bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum Correction {
    /// `founded`: the whole disputed amount, spread over the lines.
    None,
    /// The bill recomputed under its own tariff at this consumption.
    Volume {
        /// The consumption the bill is recomputed at.
        m3: u64,
    },
    /// Amounts by line before tax, as a credit note takes them.
    Lines {
        /// Water.
        water: Money,
        /// Sewer.
        sewer: Money,
        /// The fixed charge.
        fixed: Money,
    },
}

impl Correction {
    /// A correction as typed in a form or on the command line: `by` is `none`, `volume` (the
    /// corrected m³, a whole number) or `lines` (amounts before tax; an empty one is 0).
    pub fn typed(by: &str, m3: &str, water: &str, sewer: &str, fixed: &str) -> Result<Correction> {
        match by {
            "volume" => {
                let m3 = m3.trim();
                let value = m3.parse::<u64>().ok().filter(|v| *v <= 10_000_000).ok_or_else(|| {
                    Error::invalid(
                        ErrorCode::CorrectedM3,
                        format!("«{m3}» no es un consumo: escriba los m³ como un número entero, por ejemplo 12."),
                        format!("«{m3}» is not a volume: write the m³ as a whole number, for example 12."),
                    )
                })?;
                Ok(Correction::Volume { m3: value })
            }
            "lines" => {
                let line = crate::notes::typed_line;
                Ok(Correction::Lines {
                    water: line(ErrorCode::Water, water)?,
                    sewer: line(ErrorCode::Sewer, sewer)?,
                    fixed: line(ErrorCode::Fixed, fixed)?,
                })
            }
            _ => Ok(Correction::None),
        }
    }
}

/// A decision on a complaint, as the clerk or the Board gives it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct DecisionRequest {
    /// The complaint's number.
    pub number: String,
    /// The decision.
    pub outcome: Outcome,
    /// What a founded decision corrects of the bill.
    pub correction: Correction,
    /// Why.
    pub reason: String,
    /// Its date (default today).
    #[serde(default)]
    pub on: Option<NaiveDate>,
}

/// What a sweep did.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct SweepReport {
    /// The day swept (ISO).
    pub date: String,
    /// Complaints decided as founded by positive silence.
    pub silenced: Vec<String>,
    /// Complaints that became final.
    pub finalized: Vec<String>,
}

/// What the complainant asks after a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Request {
    Reconsideration,
    Appeal,
}

struct NewStep<'a> {
    step: &'static str,
    on: NaiveDate,
    outcome: Option<Outcome>,
    by_silence: bool,
    reason: &'a str,
    due_on: Option<NaiveDate>,
    appeal_due: Option<NaiveDate>,
    note_id: Option<i64>,
}

fn add_step(tx: &Connection, complaint: i64, actor: &Actor, s: NewStep<'_>) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO complaint_steps (complaint_id, step, on_date, outcome, by_silence, reason, due_on, appeal_due, note_id, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(rusqlite::params![
        complaint,
        s.step,
        s.on.to_string(),
        s.outcome.map(Outcome::code),
        i64::from(s.by_silence),
        s.reason,
        s.due_on.map(|d| d.to_string()),
        s.appeal_due.map(|d| d.to_string()),
        s.note_id,
        actor.name
    ])?;
    let id = tx.last_insert_rowid();
    let content = super::canonical_step(tx, id)?.map(|c| c.1).unwrap_or_default();
    Appender::start(tx)?.push(tx, "complaint_step", id, &content)?;
    Ok(())
}

fn refuse(es: impl Into<String>, en: impl Into<String>) -> Error {
    Error::conflict(es, en)
}

fn state_refusal(c: &Complaint, es: &str, en: &str) -> Error {
    refuse(
        format!("El reclamo {} está {}: {es}.", c.number, c.state.word(Lang::Es)),
        format!("Complaint {} is {}: {en}.", c.number, c.state.word(Lang::En)),
    )
}

/// The first day a new entry may be dated: `on`, or the first day after the last closed month.
fn first_open_day(tx: &Connection, on: NaiveDate) -> Result<NaiveDate> {
    Ok(match months::closed_through(tx)? {
        Some(closed) if Period::of(on) <= closed => closed.next().first_day().max(on),
        _ => on,
    })
}

/// The credit note of a favourable decision on a billing complaint, if it credits anything.
/// Never more than what is still disputed (the disputed amount less earlier credits).
// Who, which complaint, what was decided, how, when and why: all belong to the decision.
#[allow(clippy::too_many_arguments)]
fn credit(
    tx: &Connection,
    actor: &Actor,
    c: &Complaint,
    outcome: Outcome,
    correction: Correction,
    on: NaiveDate,
    today: NaiveDate,
    why: &str,
) -> Result<Option<i64>> {
    let billing = c.kind == ComplaintKind::Billing && c.bill.is_some();
    if !billing || outcome == Outcome::Unfounded {
        if correction != Correction::None {
            return Err(Error::invalid(
                ErrorCode::Correction,
                "Solo una resolución fundada (o fundada en parte) de un reclamo de facturación corrige el recibo.",
                "Only a founded (or partly founded) decision on a billing complaint corrects the bill.",
            ));
        }
        return Ok(None);
    }
    if outcome == Outcome::Partly && correction == Correction::None {
        return Err(Error::invalid(
            ErrorCode::Correction,
            "«Fundado en parte» indica la corrección: el volumen corregido (m³) o los importes por línea.",
            "«Partly founded» gives the correction: the corrected volume (m³) or the amounts by line.",
        ));
    }
    let remaining = c.disputed.checked_sub(c.progress.credited)?;
    let bill = notes::bill_by_number(tx, c.bill.as_deref().unwrap_or_default())?;
    let figures = match correction {
        Correction::None => {
            if remaining <= Money::ZERO {
                return Ok(None);
            }
            notes::proportional_figures(tx, &bill, remaining)?
        }
        Correction::Volume { m3 } => notes::volume_figures(tx, &bill, m3)?,
        Correction::Lines { water, sewer, fixed } => {
            let lines = [water, sewer, fixed];
            if lines.iter().any(|m| m.is_negative()) {
                return Err(Error::invalid(
                    ErrorCode::NoteLines,
                    "Los importes por línea van sin signo.",
                    "Amounts by line go without a sign.",
                ));
            }
            notes::line_figures(tx, &bill, NoteKind::Credit, lines)?
        }
    };
    if figures.total > remaining {
        return Err(Error::invalid(
            ErrorCode::Correction,
            format!(
                "La corrección acredita {}, más de lo que sigue en reclamo ({}); no se acredita más de lo reclamado.",
                figures.total, remaining
            ),
            format!(
                "The correction credits {}, more than is still disputed ({}); no more than was disputed is credited.",
                figures.total, remaining
            ),
        ));
    }
    if figures.total == Money::ZERO {
        return Ok(None);
    }
    let dated = first_open_day(tx, on)?;
    notes::check_date(tx, &bill, dated, today)?;
    let reason = format!("Reclamo {}: {} — {why}", c.number, outcome.word(Lang::Es));
    let note = notes::insert(tx, actor, &bill, NoteKind::Credit, &reason, dated, &figures)?;
    Ok(Some(note.id))
}

fn check_reason(reason: &str) -> Result<String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid(
            ErrorCode::Reason,
            "Indique el fundamento.",
            "Give the grounds.",
        ));
    }
    Ok(reason.to_string())
}

fn not_before(what: (&str, &str), on: NaiveDate, floor: &str) -> Result<()> {
    let floor = day(floor);
    if on < floor {
        return Err(Error::invalid(
            ErrorCode::Date,
            format!(
                "La fecha ({}) es anterior a {} ({}).",
                Lang::Es.date(on),
                what.0,
                Lang::Es.date(floor)
            ),
            format!(
                "The date ({}) is before {} ({}).",
                Lang::En.date(on),
                what.1,
                Lang::En.date(floor)
            ),
        ));
    }
    Ok(())
}

/// The step that opened the complainant's window (a notification, or a decision by silence).
fn window(c: &Complaint) -> Option<&super::Step> {
    c.steps
        .iter()
        .rev()
        .find(|s| s.step == "notification" || (s.by_silence && s.step.ends_with("decision")))
}

fn latest_outcome(c: &Complaint) -> Option<Outcome> {
    c.progress.reconsideration_outcome.or(c.progress.outcome)
}

impl Ledger {
    fn complaint_write(
        &mut self,
        actor: &Actor,
        action: &str,
        number: &str,
        on: Option<NaiveDate>,
        what: (&str, &str),
        f: impl FnOnce(&Connection, &Complaint, NaiveDate, NaiveDate, Rules, &Calendar) -> Result<String>,
    ) -> Result<Complaint> {
        let today = self.clock().today();
        let on = on.unwrap_or(today);
        let number = number.trim().to_ascii_uppercase();
        self.write(actor, action, |tx, _| {
            months::check_entry_date(tx, ErrorCode::Date, on, today, what)?;
            let c = by_number(tx, &number, today)?;
            let rules = rules::load(tx)?;
            let cal = Calendar::load(tx)?;
            let detail = f(tx, &c, on, today, rules, &cal)?;
            Ok((by_number(tx, &number, today)?, format!("complaint={number} {detail}")))
        })
    }

    /// Decides the first instance, or the reconsideration when one is pending.
    pub fn decide_complaint(&mut self, actor: &Actor, req: &DecisionRequest) -> Result<Complaint> {
        actor.require(Permission::DecideComplaints)?;
        let reason = check_reason(&req.reason)?;
        self.complaint_write(actor, "complaints.decide", &req.number, req.on, ("la resolución", "the decision"), |tx, c, on, today, rules, cal| {
            let (step, floor, due) = match c.state {
                ComplaintState::Open => ("decision", c.filed_on.clone(), c.decision_due.clone()),
                ComplaintState::InReconsideration => (
                    "reconsideration_decision",
                    c.progress.reconsideration_on.clone().unwrap_or_default(),
                    c.progress.reconsideration_due.clone().unwrap_or_default(),
                ),
                _ => return Err(state_refusal(c, "no hay nada que resolver en primera instancia", "there is nothing to decide in the first instance")),
            };
            not_before(("su presentación", "its filing"), on, &floor)?;
            if on > day(&due) {
                return Err(refuse(
                    format!(
                        "El plazo para resolver el reclamo {} venció el {}: queda fundado por silencio administrativo positivo (lo registra la revisión de plazos).",
                        c.number,
                        Lang::Es.date(day(&due))
                    ),
                    format!(
                        "The time to decide complaint {} ended on {}: it is founded by positive silence (the deadline sweep records it).",
                        c.number,
                        Lang::En.date(day(&due))
                    ),
                ));
            }
            let note = credit(tx, actor, c, req.outcome, req.correction, on, today, &reason)?;
            add_step(
                tx,
                c.id,
                actor,
                NewStep {
                    step,
                    on,
                    outcome: Some(req.outcome),
                    by_silence: false,
                    reason: &reason,
                    due_on: Some(cal.working_days_after(on, rules.notification)),
                    appeal_due: None,
                    note_id: note,
                },
            )?;
            Ok(format!("{step} outcome={}", req.outcome.code()))
        })
    }

    /// Records that the latest decision was notified to the complainant: the windows to ask
    /// for reconsideration and to appeal begin.
    pub fn notify_complaint(&mut self, actor: &Actor, number: &str, on: Option<NaiveDate>) -> Result<Complaint> {
        actor.require(Permission::DecideComplaints)?;
        self.complaint_write(
            actor,
            "complaints.notify",
            number,
            on,
            ("la notificación", "the notification"),
            |tx, c, on, _, rules, cal| {
                if c.progress.waiting_for.as_deref() != Some("notify") {
                    return Err(state_refusal(
                        c,
                        "no hay una resolución por notificar",
                        "there is no decision to notify",
                    ));
                }
                let decision = c
                    .steps
                    .iter()
                    .rev()
                    .find(|s| s.step.ends_with("decision"))
                    .map(|s| (s.step.clone(), s.on_date.clone()));
                let (kind, decided_on) = decision.unwrap_or_default();
                not_before(("la resolución", "the decision"), on, &decided_on)?;
                let reconsider = (kind == "decision").then(|| cal.working_days_after(on, rules.reconsideration));
                add_step(
                    tx,
                    c.id,
                    actor,
                    NewStep {
                        step: "notification",
                        on,
                        outcome: None,
                        by_silence: false,
                        reason: "",
                        due_on: reconsider,
                        appeal_due: Some(cal.working_days_after(on, rules.appeal)),
                        note_id: None,
                    },
                )?;
                Ok("notification".into())
            },
        )
    }

    /// The Community Board decides the appeal (role `ncb` only); the complaint becomes final.
    pub fn ncb_decide_complaint(&mut self, actor: &Actor, req: &DecisionRequest) -> Result<Complaint> {
        actor.require(Permission::DecideAppeals)?;
        let reason = check_reason(&req.reason)?;
        self.complaint_write(
            actor,
            "complaints.ncb_decide",
            &req.number,
            req.on,
            ("la resolución de la Junta", "the Board's decision"),
            |tx, c, on, today, _, _| {
                if c.state != ComplaintState::Appealed {
                    return Err(state_refusal(
                        c,
                        "la Junta Vecinal resuelve solo un reclamo apelado",
                        "the Board decides only an appealed complaint",
                    ));
                }
                not_before(
                    ("la apelación", "the appeal"),
                    on,
                    c.progress.appeal_on.as_deref().unwrap_or_default(),
                )?;
                let note = credit(tx, actor, c, req.outcome, req.correction, on, today, &reason)?;
                for (step, outcome, note_id) in [("ncb_decision", Some(req.outcome), note), ("final", None, None)] {
                    add_step(
                        tx,
                        c.id,
                        actor,
                        NewStep {
                            step,
                            on,
                            outcome,
                            by_silence: false,
                            reason: if step == "final" {
                                "Resuelto por la Junta Vecinal"
                            } else {
                                &reason
                            },
                            due_on: None,
                            appeal_due: None,
                            note_id,
                        },
                    )?;
                }
                Ok(format!("ncb_decision outcome={}", req.outcome.code()))
            },
        )
    }
}
