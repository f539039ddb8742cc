//! The month's complaint figures, computed here once for the Community Board's report and its
//! indicators: how many were filed, how many first-instance decisions came on time or by
//! silence, the appeals to the Board and how it decided them, and what decisions credited.

use super::Outcome;
use crate::Ledger;
use crate::error::Result;
use crate::money::Money;
use crate::period::Period;
use serde::Serialize;

/// One month's complaints (`period` a calendar month; steps counted by the day they were
/// recorded for).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct ComplaintFigures {
    /// The month.
    pub period: String,
    /// Complaints filed.
    pub filed: u64,
    /// Of them, billing complaints.
    pub filed_billing: u64,
    /// Of them, commercial ones.
    pub filed_commercial: u64,
    /// Of them, operational ones.
    pub filed_operational: u64,
    /// First-instance decisions of the month, positive silence included.
    pub decided: u64,
    /// Of those, decided by the operator on or before the deadline.
    pub decided_on_time: u64,
    /// Decided by positive silence.
    pub by_silence: u64,
    /// Decided founded.
    pub founded: u64,
    /// Decided partly founded.
    pub partly: u64,
    /// Decided unfounded.
    pub unfounded: u64,
    /// Appealed to the Community Board.
    pub appeals: u64,
    /// The Board's second-instance decisions of the month, by outcome.
    pub ncb_decided: u64,
    /// Founded by the Board.
    pub ncb_founded: u64,
    /// Partly founded by the Board.
    pub ncb_partly: u64,
    /// Unfounded by the Board.
    pub ncb_unfounded: u64,
    /// Credit notes that decisions of the month issued, with tax.
    pub credited: Money,
}

impl Ledger {
    /// The complaint figures of calendar month `period`.
    pub fn complaint_figures(&self, period: Period) -> Result<ComplaintFigures> {
        let conn = self.conn();
        let (first, last) = (period.first_day().to_string(), period.last_day().to_string());
        let mut f = ComplaintFigures {
            period: period.to_string(),
            ..ComplaintFigures::default()
        };
        {
            let mut stmt = conn.prepare_cached(
                "SELECT kind, count(*) FROM complaints WHERE filed_on BETWEEN ?1 AND ?2 GROUP BY kind",
            )?;
            let rows = stmt.query_map((&first, &last), |r| Ok((r.get::<_, String>(0)?, r.get::<_, u64>(1)?)))?;
            for row in rows {
                let (kind, n) = row?;
                f.filed += n;
                match kind.as_str() {
                    "billing" => f.filed_billing = n,
                    "commercial" => f.filed_commercial = n,
                    _ => f.filed_operational = n,
                }
            }
        }
        let mut stmt = conn.prepare_cached(
            "SELECT s.step, s.outcome, s.by_silence, s.on_date <= c.decision_due, coalesce(-n.total, 0)
               FROM complaint_steps s JOIN complaints c ON c.id = s.complaint_id LEFT JOIN notes n ON n.id = s.note_id
              WHERE s.on_date BETWEEN ?1 AND ?2 AND s.step IN ('decision', 'reconsideration_decision', 'appeal', 'ncb_decision')",
        )?;
        let rows = stmt.query_map((&first, &last), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, bool>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        for row in rows {
            let (step, outcome, by_silence, on_time, credited) = row?;
            let outcome = outcome.as_deref().and_then(Outcome::parse);
            f.credited = f.credited.checked_add(Money::from_cents(credited))?;
            match step.as_str() {
                "decision" => {
                    f.decided += 1;
                    if by_silence {
                        f.by_silence += 1;
                    } else if on_time {
                        f.decided_on_time += 1;
                    }
                    match outcome {
                        Some(Outcome::Founded) => f.founded += 1,
                        Some(Outcome::Partly) => f.partly += 1,
                        Some(Outcome::Unfounded) => f.unfounded += 1,
                        None => {}
                    }
                }
                "appeal" => f.appeals += 1,
                "ncb_decision" => {
                    f.ncb_decided += 1;
                    match outcome {
                        Some(Outcome::Founded) => f.ncb_founded += 1,
                        Some(Outcome::Partly) => f.ncb_partly += 1,
                        Some(Outcome::Unfounded) => f.ncb_unfounded += 1,
                        None => {}
                    }
                }
                _ => {}
            }
        }
        Ok(f)
    }
}
