//! The disputed amounts frozen by complaints (docs/complaints.md): while a billing complaint is
//! not final, what it disputes of its bill and has not yet credited is not overdue. The
//! complaint freezes from the day it is filed through the day it becomes final (or is
//! withdrawn); from the day after, what was not credited is overdue again.

use super::Entry;
use crate::error::Result;
use crate::money::Money;
use chrono::NaiveDate;
use rusqlite::Connection;
use std::collections::HashMap;

/// One bill's amount frozen on a day by one complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dispute {
    pub bill_id: i64,
    /// What the complaint disputes, less the credit notes of its decisions dated on or before
    /// the day; never below zero.
    pub frozen: Money,
}

const SQL: &str = "
    SELECT c.connection_id, c.bill_id, c.disputed,
           (SELECT coalesce(sum(-n.total), 0) FROM complaint_steps s JOIN notes n ON n.id = s.note_id
             WHERE s.complaint_id = c.id AND n.issued_on <= ?1)
      FROM complaints c
     WHERE c.bill_id IS NOT NULL AND c.disputed > 0 AND c.filed_on <= ?1
       AND NOT EXISTS (SELECT 1 FROM complaint_steps f
                        WHERE f.complaint_id = c.id AND f.step IN ('final', 'withdrawal') AND f.on_date < ?1)";

/// The complaints whose disputes are in force for `connection` at the end of `as_of`, by
/// number, as a sentence lists them ("REC-2026-00003, REC-2026-00007").
pub(crate) fn freezing_complaints(conn: &Connection, connection: i64, as_of: NaiveDate) -> Result<String> {
    let sql = "SELECT group_concat(c.number, ', ')
                 FROM complaints c
                WHERE c.connection_id = ?2 AND c.bill_id IS NOT NULL AND c.disputed > 0 AND c.filed_on <= ?1
                  AND NOT EXISTS (SELECT 1 FROM complaint_steps f
                                   WHERE f.complaint_id = c.id AND f.step IN ('final', 'withdrawal') AND f.on_date < ?1)";
    let numbers: Option<String> = conn
        .prepare_cached(sql)?
        .query_row(rusqlite::params![as_of.to_string(), connection], |r| r.get(0))?;
    Ok(numbers.unwrap_or_default())
}

/// The disputes in force at the end of `as_of`, by connection (one connection, or every one).
pub(crate) fn load(conn: &Connection, connection: Option<i64>, as_of: NaiveDate) -> Result<HashMap<i64, Vec<Dispute>>> {
    let sql = match connection {
        Some(_) => format!("{SQL} AND c.connection_id = ?2"),
        None => SQL.to_string(),
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let day = as_of.to_string();
    let mut rows = match connection {
        Some(c) => stmt.query(rusqlite::params![day, c])?,
        None => stmt.query([&day])?,
    };
    let mut out: HashMap<i64, Vec<Dispute>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let disputed = Money::from_cents(r.get(2)?);
        let credited = Money::from_cents(r.get(3)?);
        let frozen = disputed.checked_sub(credited)?.max(Money::ZERO);
        if frozen > Money::ZERO {
            out.entry(r.get(0)?).or_default().push(Dispute {
                bill_id: r.get(1)?,
                frozen,
            });
        }
    }
    Ok(out)
}

/// What `disputes` freeze of the charge `entry` (bills only).
pub(crate) fn frozen_of(disputes: &[Dispute], entry: &Entry) -> Result<Money> {
    if entry.kind != super::EntryKind::Bill {
        return Ok(Money::ZERO);
    }
    let mut sum = Money::ZERO;
    for d in disputes.iter().filter(|d| Some(d.bill_id) == entry.bill_id) {
        sum = sum.checked_add(d.frozen)?;
    }
    Ok(sum)
}
