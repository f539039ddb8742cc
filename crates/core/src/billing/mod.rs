//! Monthly billing: the volume of each connection, its charges under the tariff in force, the
//! run that previews and issues a period, and the issued bills themselves.

mod charges;
mod month;
mod run;
pub(crate) mod store;
mod volume;

pub use charges::{Charges, Pricing, compute};
pub use month::{MonthPoint, MonthStatus};
pub use run::{HeldReading, IssueOutcome, Preview, RunLine, Totals, Unbillable};
pub use store::Bill;
pub use volume::{Atypical, Basis, Volume, is_atypical};

/// The bills issued in a span of days, summed.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct IssuedTotals {
    /// How many bills.
    pub bills: u64,
    /// Their water, sewer and fixed charges.
    pub subtotal: crate::Money,
    /// Their charges with tax.
    pub month_total: crate::Money,
    /// What they ask to be paid.
    pub amount_due: crate::Money,
    /// The community fund's share of them.
    pub fund_share: crate::Money,
}

/// The bills whose `issued_on` falls in `[first, last]`, summed.
pub(crate) fn issued_between(
    conn: &rusqlite::Connection,
    first: chrono::NaiveDate,
    last: chrono::NaiveDate,
) -> Result<IssuedTotals> {
    let m = crate::Money::from_cents;
    Ok(conn
        .prepare_cached(
            "SELECT count(*), coalesce(sum(subtotal), 0), coalesce(sum(month_total), 0), coalesce(sum(amount_due), 0),
                    coalesce(sum(fund_share), 0)
               FROM bills WHERE issued_on BETWEEN ?1 AND ?2",
        )?
        .query_row((first.to_string(), last.to_string()), |r| {
            Ok(IssuedTotals {
                bills: r.get(0)?,
                subtotal: m(r.get(1)?),
                month_total: m(r.get(2)?),
                amount_due: m(r.get(3)?),
                fund_share: m(r.get(4)?),
            })
        })?)
}

use crate::Ledger;
use crate::error::{Error, Result};
use crate::period::Period;
use std::path::Path;

/// The header of bills.csv (docs/formats.md).
pub const BILLS_CSV_HEADER: &[&str] = &[
    "number",
    "account",
    "period",
    "issued_on",
    "due_on",
    "category",
    "basis",
    "consumption_m3",
    "billed_m3",
    "water",
    "sewer",
    "fixed",
    "subsidy",
    "subtotal",
    "tax",
    "month_total",
    "rounding_prev",
    "rounding_curr",
    "amount_due",
    "previous_balance",
    "total_to_pay",
    "fund_share",
];

impl Bill {
    /// The bill as one bills.csv record.
    pub fn csv_record(&self) -> Vec<String> {
        vec![
            self.number.clone(),
            self.account.clone(),
            self.period.clone(),
            self.issued_on.clone(),
            self.due_on.clone(),
            self.category.clone(),
            self.basis.code().to_string(),
            self.consumption_m3.to_string(),
            self.billed_m3.to_string(),
            self.water.plain(),
            self.sewer.plain(),
            self.fixed.plain(),
            self.subsidy.plain(),
            self.subtotal.plain(),
            self.tax.plain(),
            self.month_total.plain(),
            self.rounding_prev.plain(),
            self.rounding_curr.plain(),
            self.amount_due.plain(),
            self.previous_balance.plain(),
            self.total_to_pay.plain(),
            self.fund_share.plain(),
        ]
    }
}

impl Ledger {
    /// The bills of a period, in number order (optionally one account's).
    pub fn bills(&self, period: Period, account: Option<&str>) -> Result<Vec<Bill>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {} FROM bills WHERE period = ?1 AND (?2 IS NULL OR account = ?2) ORDER BY id",
            store::COLUMNS
        ))?;
        let rows = stmt.query_map((period.to_string(), account.map(str::trim)), Bill::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every bill of one account, oldest first.
    pub fn bills_of_account(&self, account: &str) -> Result<Vec<Bill>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {} FROM bills WHERE account = ?1 ORDER BY period",
            store::COLUMNS
        ))?;
        let rows = stmt.query_map([account.trim()], Bill::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Writes bills.csv for a period (docs/formats.md): UTF-8, `,`, amounts with two decimals.
    /// Written to a temporary file first, so a failure never leaves half a file.
    pub fn export_bills(&self, period: Period, out: &Path) -> Result<u64> {
        // One state of the books, whatever another window writes meanwhile.
        let _reading = self.snapshot()?;
        let bills = self.bills(period, None)?;
        let mut buf = Vec::new();
        {
            let mut w = csv::Writer::from_writer(&mut buf);
            let to_io = |e: csv::Error| Error::io(out, std::io::Error::other(e.to_string()));
            w.write_record(BILLS_CSV_HEADER).map_err(to_io)?;
            for b in &bills {
                w.write_record(b.csv_record()).map_err(to_io)?;
            }
            w.flush().map_err(|e| Error::io(out, e))?;
        }
        crate::files::write_atomically(out, &buf)?;
        Ok(bills.len() as u64)
    }
}
