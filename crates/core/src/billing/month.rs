//! Where a month stands, for the home screen: readings entered of expected, readings held,
//! bills issued of connections to bill, and the last year's billing as a series for a chart.

use super::store::{Bill, COLUMNS};
use crate::Ledger;
use crate::error::Result;
use crate::money::Money;
use crate::period::Period;
use crate::text::fold_accents;
use serde::Serialize;

/// One month of the billing history: bills, volume and amount.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct MonthPoint {
    /// The month.
    pub period: Period,
    /// How many bills.
    pub bills: u64,
    /// The volume billed.
    pub billed_m3: u64,
    /// What the bills ask to be paid.
    pub amount_due: Money,
}

/// Where a month's billing stands: readings expected and entered, held, billed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct MonthStatus {
    /// The month.
    pub period: Period,
    /// Active connections.
    pub active: u64,
    /// Readings expected (metered active connections).
    pub readings_expected: u64,
    /// Readings entered.
    pub readings_entered: u64,
    /// Bills held on an atypical reading.
    pub held: u64,
    /// Bills issued.
    pub billed: u64,
    /// Connections the run would bill now.
    pub to_bill: u64,
    /// What the month's bills charge.
    pub amount_billed: Money,
    /// Why the run cannot be previewed (no tariff in force, a future period).
    pub blocked: Option<crate::error::Text>,
    /// The months before, oldest first.
    pub history: Vec<MonthPoint>,
}

impl Ledger {
    /// Where `period`'s billing stands.
    pub fn month_status(&self, period: Period) -> Result<MonthStatus> {
        let conn = self.conn();
        let (active, expected): (u64, u64) = conn.query_row(
            "SELECT count(*), count(*) FILTER (WHERE metered = 1) FROM connections WHERE status = 'active'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let entered: u64 = conn.query_row(
            "SELECT count(*) FROM readings r JOIN connections c ON c.id = r.connection_id
              WHERE r.period = ?1 AND c.status = 'active'",
            [period.to_string()],
            |r| r.get(0),
        )?;
        let (billed, amount): (u64, i64) = conn.query_row(
            "SELECT count(*), coalesce(sum(amount_due), 0) FROM bills WHERE period = ?1",
            [period.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let (held, to_bill, blocked) = match self.preview_run(period) {
            Ok(p) => (p.held.len() as u64, p.lines.len() as u64, None),
            Err(e) => (
                0,
                0,
                Some(crate::error::Text::new(
                    e.message(crate::Lang::Es),
                    e.message(crate::Lang::En),
                )),
            ),
        };
        Ok(MonthStatus {
            period,
            active,
            readings_expected: expected,
            readings_entered: entered,
            held,
            billed,
            to_bill,
            amount_billed: Money::from_cents(amount),
            blocked,
            history: self.billing_history(period, 12)?,
        })
    }

    /// Bills, m³ and amount of the `months` periods ending with `last`, oldest first.
    pub fn billing_history(&self, last: Period, months: u32) -> Result<Vec<MonthPoint>> {
        let mut first = last;
        for _ in 1..months {
            first = first.prev();
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT period, count(*), sum(billed_m3), sum(amount_due) FROM bills
              WHERE period BETWEEN ?1 AND ?2 GROUP BY period ORDER BY period",
        )?;
        let rows = stmt.query_map((first.to_string(), last.to_string()), |r| {
            let p: String = r.get(0)?;
            Ok(MonthPoint {
                period: p.parse().unwrap_or(last),
                bills: r.get(1)?,
                billed_m3: r.get(2)?,
                amount_due: Money::from_cents(r.get(3)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Bills of a period whose number, account or holder contains `query`, at most `limit`.
    pub fn search_bills(&self, period: Period, query: &str, limit: usize) -> Result<Vec<Bill>> {
        let fold = |s: &str| -> String { s.chars().map(fold_accents).flat_map(char::to_lowercase).collect() };
        let q = fold(query.trim());
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM bills WHERE period = ?1 ORDER BY id"))?;
        let mut rows = stmt.query([period.to_string()])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let bill = Bill::from_row(r)?;
            if q.is_empty() || fold(&format!("{} {} {}", bill.number, bill.account, bill.holder)).contains(&q) {
                out.push(bill);
                if out.len() >= limit {
                    break;
                }
            }
        }
        Ok(out)
    }

    /// The bill numbered `number`, if there is one.
    pub fn bill_by_number(&self, number: &str) -> Result<Option<Bill>> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM bills WHERE number = ?1"))?;
        Ok(rusqlite::OptionalExtension::optional(
            stmt.query_row([number.trim()], Bill::from_row),
        )?)
    }
}
