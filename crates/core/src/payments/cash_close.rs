//! The counter's day: cash received by each clerk, the receipts it issued (as runs of
//! numbers, since other channels and other days' payments take numbers in between), reversals.

use crate::Ledger;
use crate::error::Result;
use crate::money::Money;
use chrono::NaiveDate;
use serde::Serialize;

/// What one clerk took on a day.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct ClerkTotal {
    /// The clerk.
    pub clerk: String,
    /// How many receipts.
    pub receipts: u32,
    /// How much.
    pub total: Money,
}

/// A day's cash close: what was taken at the counter, by clerk.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct CashClose {
    /// The day (ISO).
    pub day: String,
    /// Each clerk's receipts and total.
    pub by_clerk: Vec<ClerkTotal>,
    /// The day's cash receipts as runs of consecutive numbers: "R001-00000160 – R001-00000162",
    /// "R001-00000170". A bare first-to-last range would claim the numbers other channels
    /// and other days took in between.
    pub runs: Vec<String>,
    /// How many receipts, all clerks.
    pub receipts: u32,
    /// Reversals recorded that day, already subtracted from the totals.
    pub reversals: u32,
    /// How much, all clerks.
    pub total: Money,
}

impl Ledger {
    /// The counter's day: cash received by each clerk, the runs of receipts, reversals.
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
            runs: runs(rows.iter().map(|r| r.0.as_str())),
            receipts: rows.len() as u32,
            by_clerk,
            reversals,
            total,
        })
    }
}

/// Receipt numbers (`SERIES-NNNNNNNN`) as runs of consecutive numbers within each series, in
/// order: "R001-00000160 – R001-00000162". A number that does not parse stands alone.
fn runs<'a>(numbers: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut parsed: Vec<(&str, u64, &str)> = Vec::new();
    let mut odd: Vec<String> = Vec::new();
    for n in numbers {
        match n
            .rsplit_once('-')
            .and_then(|(s, d)| d.parse::<u64>().ok().map(|d| (s, d)))
        {
            Some((series, seq)) => parsed.push((series, seq, n)),
            None => odd.push(n.to_string()),
        }
    }
    parsed.sort();
    parsed.dedup();
    let mut out = Vec::new();
    let mut i = 0;
    while i < parsed.len() {
        let (series, start, first) = parsed[i];
        let mut j = i;
        while parsed
            .get(j + 1)
            .is_some_and(|&(s, seq, _)| s == series && seq == parsed[j].1 + 1)
        {
            j += 1;
        }
        out.push(if j == i {
            first.to_string()
        } else {
            format!("{first} – {}", parsed[j].2)
        });
        debug_assert!(parsed[j].1 >= start);
        i = j + 1;
    }
    out.extend(odd);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn receipts_with_gaps_are_told_as_runs() {
        let day = [
            "R001-00000162",
            "R001-00000160",
            "R001-00000161",
            "R001-00000170",
            "B002-00000001",
        ];
        assert_eq!(
            super::runs(day.into_iter()),
            ["B002-00000001", "R001-00000160 – R001-00000162", "R001-00000170"]
        );
    }
}
