//! The counter's day: cash received by each clerk, receipts first and last, reversals.

use crate::Ledger;
use crate::error::Result;
use crate::money::Money;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct ClerkTotal {
    pub clerk: String,
    pub receipts: u32,
    pub total: Money,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct CashClose {
    pub day: String,
    pub by_clerk: Vec<ClerkTotal>,
    pub first_receipt: Option<String>,
    pub last_receipt: Option<String>,
    pub receipts: u32,
    /// Reversals recorded that day, already subtracted from the totals.
    pub reversals: u32,
    pub total: Money,
}

impl Ledger {
    /// The counter's day: cash received by each clerk, receipts first and last, reversals.
    pub fn cash_close(&self, day: NaiveDate) -> Result<CashClose> {
        let mut stmt = self.conn().prepare(
            "SELECT number, amount, recorded_by, reverses FROM payments WHERE paid_on = ?1 AND channel = 'cash' ORDER BY id",
        )?;
        let rows: Vec<(String, i64, String, Option<i64>)> = stmt
            .query_map([day.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut by_clerk: Vec<ClerkTotal> = Vec::new();
        let mut total = Money::ZERO;
        let mut reversals = 0;
        for (_, amount, clerk, reverses) in &rows {
            let amount = Money::from_cents(*amount);
            total = total.checked_add(amount)?;
            if reverses.is_some() {
                reversals += 1;
            }
            match by_clerk.iter_mut().find(|c| &c.clerk == clerk) {
                Some(c) => {
                    c.receipts += 1;
                    c.total = c.total.checked_add(amount)?;
                }
                None => by_clerk.push(ClerkTotal {
                    clerk: clerk.clone(),
                    receipts: 1,
                    total: amount,
                }),
            }
        }
        Ok(CashClose {
            day: day.to_string(),
            first_receipt: rows.first().map(|r| r.0.clone()),
            last_receipt: rows.last().map(|r| r.0.clone()),
            receipts: rows.len() as u32,
            by_clerk,
            reversals,
            total,
        })
    }
}
