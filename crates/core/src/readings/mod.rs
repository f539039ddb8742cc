//! Meter readings: what a technician saw on the dial for a period (or why there was nothing to
//! see), checked at entry against the previous reading, the meter's dial size and the calendar.
//! Also the meters themselves over time, and their replacement.

mod import;
mod meters;
mod sheet;

pub(crate) use sheet::readings_of_account;
pub use sheet::{ReadingCheck, ReadingRow, SheetRow};

pub use import::ReadingDraft;
pub use meters::MeterReplacement;

use crate::period::{Period, parse_date};
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How a reading went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum ReadingStatus {
    /// Read.
    Ok,
    /// The meter could not be reached.
    NoAccess,
    /// The meter is broken.
    MeterBroken,
}

impl ReadingStatus {
    /// The status as stored.
    pub fn code(self) -> &'static str {
        match self {
            ReadingStatus::Ok => "ok",
            ReadingStatus::NoAccess => "no_access",
            ReadingStatus::MeterBroken => "meter_broken",
        }
    }

    /// The status of a stored or typed word.
    pub fn parse(s: &str) -> Option<ReadingStatus> {
        match crate::text::normalize_key(s).as_str() {
            "" | "ok" | "leido" | "normal" => Some(ReadingStatus::Ok),
            "no_access" | "sin_acceso" => Some(ReadingStatus::NoAccess),
            "meter_broken" | "medidor_malogrado" | "malogrado" => Some(ReadingStatus::MeterBroken),
            _ => None,
        }
    }
}

/// A meter over its life on a connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeterLife {
    /// Its id.
    pub id: i64,
    /// Its serial number.
    pub serial: String,
    /// Its number of digits.
    pub digits: u32,
    /// Its reading when installed.
    pub initial_reading: u64,
    /// When it was installed.
    pub installed_on: Option<NaiveDate>,
    /// When it was removed.
    pub removed_on: Option<NaiveDate>,
    /// Its last reading, when removed.
    pub final_reading: Option<u64>,
}

impl MeterLife {
    /// Readings wrap to 0 after 10^digits − 1.
    pub fn modulus(&self) -> u64 {
        10u64.saturating_pow(self.digits)
    }
}

/// Volume that passed through a meter from `prev` to `curr`: the plain difference, or a
/// rollover past 10^digits when that is plausible — (10^d − prev + curr) < 10^d / 2
/// (docs/tariff.md). `None` when `curr` is lower and no rollover is plausible.
pub fn volume_between(prev: u64, curr: u64, digits: u32) -> Option<u64> {
    if curr >= prev {
        return Some(curr - prev);
    }
    let modulus = 10u64.saturating_pow(digits);
    let wrapped = modulus.checked_sub(prev)?.checked_add(curr)?;
    (wrapped < modulus / 2).then_some(wrapped)
}

/// Every meter of every connection, oldest first.
pub(crate) fn load_meters(conn: &Connection) -> rusqlite::Result<HashMap<i64, Vec<MeterLife>>> {
    let mut stmt = conn.prepare(
        "SELECT connection_id, id, serial, digits, initial_reading, installed_on, removed_on, final_reading
           FROM meters ORDER BY connection_id, id",
    )?;
    let mut rows = stmt.query([])?;
    let mut map: HashMap<i64, Vec<MeterLife>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let installed: Option<String> = r.get(5)?;
        let removed: Option<String> = r.get(6)?;
        map.entry(r.get(0)?).or_default().push(MeterLife {
            id: r.get(1)?,
            serial: r.get(2)?,
            digits: r.get(3)?,
            initial_reading: r.get(4)?,
            installed_on: installed.as_deref().and_then(parse_date),
            removed_on: removed.as_deref().and_then(parse_date),
            final_reading: r.get(7)?,
        });
    }
    Ok(map)
}

/// The meter that closes `period`: the last one installed by the period's end.
pub fn meter_for_period(meters: &[MeterLife], period: Period) -> Option<&MeterLife> {
    let end = period.last_day();
    meters.iter().rev().find(|m| m.installed_on.is_none_or(|d| d <= end))
}

/// A stored reading, as billing and entry checks need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReading {
    /// Its id.
    pub id: i64,
    /// The meter read.
    pub meter_id: i64,
    /// The period.
    pub period: Period,
    /// The reading (`None` when the meter could not be read).
    pub reading: Option<u64>,
    /// How the reading went.
    pub status: ReadingStatus,
    /// Whether an atypical reading was confirmed, so its bill is issued.
    pub confirmed: bool,
}

/// For each of `connections`, the last accepted (`ok`) reading strictly before `period`.
///
/// Most connections were read the month before, so that month is read whole (one range of the
/// period index); the others are looked up month by month backwards, which finds almost all
/// within a step or two. A single GROUP BY over every reading ever taken was the slowest part
/// of a billing run.
pub(crate) fn last_ok_before(
    conn: &Connection,
    period: Period,
    connections: impl IntoIterator<Item = i64>,
) -> rusqlite::Result<HashMap<i64, StoredReading>> {
    let mut found: HashMap<i64, StoredReading> = of_period(conn, period.prev())?
        .into_iter()
        .filter(|(_, r)| r.status == ReadingStatus::Ok)
        .collect();
    let oldest: Option<String> = conn.query_row("SELECT min(period) FROM readings", [], |r| r.get(0))?;
    let Some(oldest) = oldest.and_then(|p| p.parse::<Period>().ok()) else {
        return Ok(found);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT connection_id, id, meter_id, period, reading, status, confirmed_by IS NOT NULL
           FROM readings WHERE period = ?1 AND connection_id = ?2 AND status = 'ok'",
    )?;
    for id in connections {
        if found.contains_key(&id) {
            continue;
        }
        let mut month = period.prev().prev();
        while month >= oldest {
            let mut rows = stmt.query((month.to_string(), id))?;
            if let Some(r) = rows.next()? {
                found.insert(id, stored_reading(r, period)?);
                break;
            }
            month = month.prev();
        }
    }
    Ok(found)
}

/// For each connection, its reading of `period`, if any.
pub(crate) fn of_period(conn: &Connection, period: Period) -> rusqlite::Result<HashMap<i64, StoredReading>> {
    let mut stmt = conn.prepare(
        "SELECT connection_id, id, meter_id, period, reading, status, confirmed_by IS NOT NULL
           FROM readings WHERE period = ?1",
    )?;
    collect(&mut stmt, period)
}

fn collect(stmt: &mut rusqlite::Statement<'_>, period: Period) -> rusqlite::Result<HashMap<i64, StoredReading>> {
    let mut rows = stmt.query([period.to_string()])?;
    let mut map = HashMap::new();
    while let Some(r) = rows.next()? {
        map.insert(r.get(0)?, stored_reading(r, period)?);
    }
    Ok(map)
}

/// Reads `connection_id, id, meter_id, period, reading, status, confirmed` into a reading.
fn stored_reading(r: &rusqlite::Row<'_>, period: Period) -> rusqlite::Result<StoredReading> {
    let status = match r.get_ref(5)?.as_bytes().unwrap_or(b"ok") {
        b"no_access" => ReadingStatus::NoAccess,
        b"meter_broken" => ReadingStatus::MeterBroken,
        _ => ReadingStatus::Ok,
    };
    Ok(StoredReading {
        id: r.get(1)?,
        meter_id: r.get(2)?,
        period: Period::from_stored(r.get_ref(3)?.as_bytes().unwrap_or(b"")).unwrap_or(period),
        reading: r.get(4)?,
        status,
        confirmed: r.get(6)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rollover_only_when_plausible() {
        assert_eq!(volume_between(1250, 1240, 5), None);
        assert_eq!(volume_between(99_990, 15, 5), Some(25));
        assert_eq!(volume_between(60_000, 5, 5), Some(40_005));
        assert_eq!(volume_between(40_000, 5, 5), None);
        assert_eq!(volume_between(10, 10, 5), Some(0));
        assert_eq!(volume_between(9_995, 3, 4), Some(8));
    }
}
