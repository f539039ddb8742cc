//! Dates of entries and closed months (docs/accounts.md). An entry is dated on a day of the
//! ledger's history: not after today, not before the ledger's first period, never in a closed
//! month. Closing month P closes every month up to P, so a balance at a date in a closed
//! month can never change again; a correction of a closed month is an entry of an open one
//! that names what it corrects.

use crate::access::{Actor, Permission};
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::ledger::chain::Appender;
use crate::period::Period;
use crate::{Ledger, Text};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

/// A month closed by a user (or by creating its bundle).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct ClosedMonth {
    /// The month closed.
    pub period: Period,
    /// The day it was closed (a date, so that closing is reproducible within the day).
    pub closed_on: String,
    /// Who closed it.
    pub closed_by: String,
    /// Why (a bundle created, or the administrator's reason).
    pub reason: String,
}

/// The last closed month, if any: it and every month before it are closed.
pub(crate) fn closed_through(conn: &Connection) -> Result<Option<Period>> {
    let p: Option<String> = conn
        .prepare_cached("SELECT max(period) FROM closed_months")?
        .query_row([], |r| r.get(0))?;
    Ok(p.and_then(|p| p.parse().ok()))
}

/// The first day of the ledger's history: the first period with a reading or a bill, or the
/// day the ledger was made, whichever is earlier.
pub(crate) fn history_start(conn: &Connection) -> Result<NaiveDate> {
    let first: Option<String> = conn
        .prepare_cached(
            "SELECT min(p) FROM (SELECT min(period) AS p FROM readings UNION ALL SELECT min(period) FROM bills)",
        )?
        .query_row([], |r| r.get(0))?;
    let created: Option<String> = conn
        .prepare_cached("SELECT substr(at, 1, 10) FROM audit_log ORDER BY id LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    let from_periods = first.and_then(|p| p.parse::<Period>().ok()).map(Period::first_day);
    let created = created.and_then(|d| crate::period::parse_date(&d));
    Ok([from_periods, created]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(NaiveDate::MIN))
}

/// Refuses a date for a new entry that is after `today`, before the ledger's history, or in a
/// closed month. `what` names the entry in both languages ("el pago", "the payment").
pub(crate) fn check_entry_date(
    conn: &Connection,
    field: crate::error::ErrorCode,
    date: NaiveDate,
    today: NaiveDate,
    what: (&str, &str),
) -> Result<()> {
    match date_problem(conn, date, today, what)? {
        Some(text) => Err(Error::Invalid { code: field, text }),
        None => Ok(()),
    }
}

/// Why `date` cannot date a new entry, if it cannot (the reason a row of an import gets).
pub(crate) fn date_problem(
    conn: &Connection,
    date: NaiveDate,
    today: NaiveDate,
    what: (&str, &str),
) -> Result<Option<Text>> {
    if date > today {
        return Ok(Some(Text::new(
            format!(
                "La fecha {} ({}) es posterior a hoy.",
                of_the(what.0),
                Lang::Es.date(date)
            ),
            format!("The date of {} ({}) is after today.", what.1, Lang::En.date(date)),
        )));
    }
    let start = history_start(conn)?;
    if date < start {
        return Ok(Some(Text::new(
            format!(
                "La fecha {} ({}) es anterior al inicio del libro ({}); revise el año.",
                of_the(what.0),
                Lang::Es.date(date),
                Lang::Es.date(start)
            ),
            format!(
                "The date of {} ({}) is before the ledger's history begins ({}); check the year.",
                what.1,
                Lang::En.date(date),
                Lang::En.date(start)
            ),
        )));
    }
    if let Some(closed) = closed_through(conn)?
        && Period::of(date) <= closed
    {
        return Ok(Some(closed_text(Period::of(date), closed, what)));
    }
    Ok(None)
}

/// "de" before what is named, contracted as Spanish writes it: "del pago", "de la nota".
fn of_the(what: &str) -> String {
    match what.strip_prefix("el ") {
        Some(rest) => format!("del {rest}"),
        None => format!("de {what}"),
    }
}

/// Refuses anything dated in, or changing, period `p` when `p` is closed.
pub(crate) fn refuse_closed(
    conn: &Connection,
    field: crate::error::ErrorCode,
    p: Period,
    what: (&str, &str),
) -> Result<()> {
    if let Some(closed) = closed_through(conn)?
        && p <= closed
    {
        return Err(Error::Invalid {
            code: field,
            text: closed_text(p, closed, what),
        });
    }
    Ok(())
}

fn closed_text(p: Period, closed: Period, what: (&str, &str)) -> Text {
    Text::new(
        format!(
            "El mes {} está cerrado (cerrados hasta {}): no se registra {} en él. Una corrección se registra con fecha de un mes abierto y dice qué corrige.",
            Lang::Es.period(p),
            Lang::Es.period(closed),
            what.0
        ),
        format!(
            "Month {} is closed (closed through {}): {} cannot be recorded in it. A correction is dated in an open month and says what it corrects.",
            Lang::En.period(p),
            Lang::En.period(closed),
            what.1
        ),
    )
}

/// Closes every month through `period` inside the caller's transaction; returns whether
/// anything was newly closed. `period` must have ended.
pub(crate) fn close_through(
    tx: &Connection,
    actor: &Actor,
    period: Period,
    today: NaiveDate,
    reason: &str,
) -> Result<bool> {
    if period.last_day() >= today {
        return Err(Error::invalid(
            ErrorCode::MonthOpen,
            format!(
                "El mes {} no ha terminado; se cierra desde el día siguiente a su último día.",
                Lang::Es.period(period)
            ),
            format!(
                "Month {} has not ended; it can be closed from the day after its last day.",
                Lang::En.period(period)
            ),
        ));
    }
    if closed_through(tx)?.is_some_and(|c| c >= period) {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO closed_months (period, closed_on, closed_by, reason) VALUES (?1, ?2, ?3, ?4)",
        (period.to_string(), today.to_string(), &actor.name, reason),
    )?;
    let id = tx.last_insert_rowid();
    let content = canonical_by_id(tx, id)?.map(|c| c.1).unwrap_or_default();
    Appender::start(tx)?.push(tx, "month_close", id, &content)?;
    Ok(true)
}

/// The chain's view of a closed month.
pub(crate) fn canonical_by_id(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached("SELECT period, closed_on, closed_by, reason FROM closed_months WHERE id = ?1")?
        .query_row([id], |r| {
            let period: String = r.get(0)?;
            let content =
                crate::ledger::chain::fields(&[id.to_string(), period.clone(), r.get(1)?, r.get(2)?, r.get(3)?]);
            Ok((period, content))
        })
        .optional()
}

/// One month as the billing screen lists it: whether its bills were issued and whether it
/// is closed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct MonthState {
    /// The month.
    pub period: Period,
    /// How many bills it has.
    pub bills: u64,
    /// The billing run of this period has been issued.
    pub billed: bool,
    /// Whether it is closed (nothing more may be dated in it).
    pub closed: bool,
    /// Whether it can be closed now (it has ended and is not closed).
    pub closable: bool,
}

impl Ledger {
    /// The `months` months ending with `last`, newest first.
    pub fn months_overview(&self, last: Period, months: u32) -> Result<Vec<MonthState>> {
        let today = self.clock().today();
        let closed = closed_through(self.conn())?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM issued_periods WHERE period = ?1), (SELECT count(*) FROM bills WHERE period = ?1)",
        )?;
        let mut out = Vec::new();
        let mut p = last;
        for _ in 0..months {
            let (billed, bills): (bool, u64) = stmt.query_row([p.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let is_closed = closed.is_some_and(|c| p <= c);
            out.push(MonthState {
                period: p,
                bills,
                billed,
                closed: is_closed,
                closable: !is_closed && p.last_day() < today,
            });
            p = p.prev();
        }
        Ok(out)
    }

    /// Closes calendar month `period` and every month before it: nothing dated in them may be
    /// added afterwards. Closing a month already closed changes nothing.
    pub fn close_month(&mut self, actor: &Actor, period: Period, reason: &str) -> Result<bool> {
        actor.require(Permission::CloseMonths)?;
        let today = self.clock().today();
        let reason = if reason.trim().is_empty() {
            "cierre de mes"
        } else {
            reason.trim()
        };
        self.write(actor, "month.close", |tx, _| {
            let closed = close_through(tx, actor, period, today, reason)?;
            Ok((closed, format!("period={period} newly_closed={closed}")))
        })
    }

    /// The months closed, oldest first.
    pub fn closed_months(&self) -> Result<Vec<ClosedMonth>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT period, closed_on, closed_by, reason FROM closed_months ORDER BY period")?;
        let rows = stmt.query_map([], |r| {
            let p: String = r.get(0)?;
            Ok((p, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (p, closed_on, closed_by, reason): (String, String, String, String) = row?;
            if let Ok(period) = p.parse() {
                out.push(ClosedMonth {
                    period,
                    closed_on,
                    closed_by,
                    reason,
                });
            }
        }
        Ok(out)
    }

    /// The last closed month, if any (it and every month before it are closed).
    pub fn closed_through(&self) -> Result<Option<Period>> {
        closed_through(self.conn())
    }
}

/// Sealed in the hash chain as `month_close`.
pub(crate) const RECORD: crate::ledger::chain::RecordKind = crate::ledger::chain::RecordKind {
    name: "month_close",
    content: canonical_by_id,
    table: "closed_months",
};
