//! Continuity of service and non-revenue water (docs/quality.md): sectors with their normal
//! hours of supply, interruptions (append-only, sealed; an end is recorded once), production
//! per source and month, and the month's figures — continuity by sector and for the town,
//! planned share, notice given, non-revenue water — computed here once for every screen, file
//! and the Community Board's report.

mod figures;
mod interruptions;
mod production;
mod sectors;

use figures::{span, union_minutes};
pub use interruptions::INTERRUPTIONS_CSV_HEADER;
use sectors::known_sectors;

use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::error::{Error, Result, Text};
use crate::import::{
    Column, ImportOptions, ImportSummary, RowError, Table, parse_count_in, parse_text, refuse_unless_skipping,
};
use crate::ledger::chain::Appender;
use crate::period::{Period, parse_local_time};
use chrono::{NaiveDateTime, NaiveTime};
use rusqlite::{Connection, OptionalExtension};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::str::FromStr;

/// One interruption as stored.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Interruption {
    /// Its id.
    pub id: i64,
    /// The sectors without water.
    pub sectors: Vec<String>,
    /// When it started (local time).
    pub start: String,
    /// When it ended (`None`: it goes on).
    pub end: Option<String>,
    /// `planned` or `unplanned`.
    pub kind: String,
    /// Why.
    pub cause: String,
    /// How many hours before it the users were told (0: unplanned).
    pub notice_hours: u64,
}

/// One sector's month.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct SectorFigures {
    /// The sector.
    pub sector: String,
    /// Its hours of supply a day.
    pub hours_per_day: String,
    /// The hours of supply lost to interruptions in the month.
    pub interrupted_hours: String,
    /// The share of the supply hours given (percent, as text).
    pub continuity: String,
    /// Its connections.
    pub connections: u64,
}

/// `continuity --json`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Continuity {
    /// The month.
    pub period: String,
    /// Hours a day, one decimal; `None` without sectors or active connections.
    pub continuity: Option<String>,
    /// Water produced and not billed, as a share (percent, as text).
    pub non_revenue_water: Option<String>,
    /// Water produced.
    pub produced_m3: u64,
    /// Water billed.
    pub consumed_m3: u64,
    /// The share of interruption hours that were planned.
    pub planned_share: Option<String>,
    /// The share of planned interruptions announced 24 hours before.
    pub notice_given: Option<String>,
    /// Each sector's figures.
    pub sectors: Vec<SectorFigures>,
}

fn one_decimal(d: Decimal) -> String {
    let s = d
        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
        .to_string();
    if s.contains('.') { s } else { format!("{s}.0") }
}

fn stamp(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

fn month_bounds(p: Period) -> (NaiveDateTime, NaiveDateTime) {
    (
        p.first_day().and_time(NaiveTime::MIN),
        p.next().first_day().and_time(NaiveTime::MIN),
    )
}

const INTERRUPTION_SQL: &str = "SELECT i.id, i.start_at, e.end_at, i.kind, i.cause, i.notice_hours,
        (SELECT group_concat(sector, ',') FROM (SELECT sector FROM interruption_sectors s WHERE s.interruption_id = i.id ORDER BY sector))
   FROM interruptions i LEFT JOIN interruption_ends e ON e.interruption_id = i.id";

fn read_interruption(r: &rusqlite::Row<'_>) -> rusqlite::Result<Interruption> {
    let sectors: Option<String> = r.get(6)?;
    Ok(Interruption {
        id: r.get(0)?,
        start: r.get(1)?,
        end: r.get(2)?,
        kind: r.get(3)?,
        cause: r.get(4)?,
        notice_hours: r.get(5)?,
        sectors: sectors
            .unwrap_or_default()
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    })
}

/// The interruptions that touch `[from, to)`, by start.
pub(crate) fn interruptions_of(conn: &Connection, from: NaiveDateTime, to: NaiveDateTime) -> Result<Vec<Interruption>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{INTERRUPTION_SQL} WHERE i.start_at < ?2 AND (e.end_at IS NULL OR e.end_at > ?1) ORDER BY i.start_at, i.id"
    ))?;
    let rows = stmt.query_map([stamp(from), stamp(to)], read_interruption)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn canonical_interruption(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(
        "SELECT '#' || id, json_array(id, start_at, kind, cause, notice_hours, recorded_by,
                (SELECT json_group_array(sector) FROM (SELECT sector FROM interruption_sectors WHERE interruption_id = ?1 ORDER BY sector)))
           FROM interruptions WHERE id = ?1",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

fn canonical_end(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(
        "SELECT '#' || interruption_id, json_array(interruption_id, end_at, recorded_by)
           FROM interruption_ends WHERE interruption_id = ?1",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

fn canonical_production(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(
        "SELECT source || ' ' || period, json_array(id, source, period, m3, recorded_by) FROM production WHERE id = ?1",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

pub(crate) const INTERRUPTION_RECORD: crate::ledger::chain::RecordKind = crate::ledger::chain::RecordKind {
    name: "interruption",
    content: canonical_interruption,
    table: "interruptions",
};
pub(crate) const END_RECORD: crate::ledger::chain::RecordKind = crate::ledger::chain::RecordKind {
    name: "interruption_end",
    content: canonical_end,
    table: "interruption_ends",
};
pub(crate) const PRODUCTION_RECORD: crate::ledger::chain::RecordKind = crate::ledger::chain::RecordKind {
    name: "production",
    content: canonical_production,
    table: "production",
};
