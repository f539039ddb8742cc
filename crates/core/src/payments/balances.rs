//! What is owed, by whom and since when: the account statement, arrears by age, the
//! connections with two or more overdue bills (the disconnection list), and the day's cash
//! close.

use crate::Ledger;
use crate::error::Result;
use crate::money::Money;
use crate::period::parse_date;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// One line of an account statement.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct StatementLine {
    pub date: String,
    /// `bill`, `payment` or `reversal`.
    pub kind: String,
    pub reference: String,
    pub charge: Money,
    pub payment: Money,
    /// Running balance after the line; negative is a credit.
    pub balance: Money,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Statement {
    pub account: String,
    pub holder: String,
    pub lines: Vec<StatementLine>,
    pub balance: Money,
}

/// Overdue amounts by age of the due date: 0–30, 31–60, 61–90, over 90 days.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct AgeBuckets {
    pub d0_30: Money,
    pub d31_60: Money,
    pub d61_90: Money,
    pub over_90: Money,
}

impl AgeBuckets {
    fn add(&mut self, days: i64, amount: Money) -> Result<()> {
        let slot = match days {
            ..=30 => &mut self.d0_30,
            31..=60 => &mut self.d31_60,
            61..=90 => &mut self.d61_90,
            _ => &mut self.over_90,
        };
        *slot = slot.checked_add(amount)?;
        Ok(())
    }

    pub fn total(&self) -> Result<Money> {
        Ok(Money::sum([self.d0_30, self.d31_60, self.d61_90, self.over_90])?)
    }

    fn merge(&mut self, o: &AgeBuckets) -> Result<()> {
        self.d0_30 = self.d0_30.checked_add(o.d0_30)?;
        self.d31_60 = self.d31_60.checked_add(o.d31_60)?;
        self.d61_90 = self.d61_90.checked_add(o.d61_90)?;
        self.over_90 = self.over_90.checked_add(o.over_90)?;
        Ok(())
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct ArrearsRow {
    pub account: String,
    pub holder: String,
    pub address: String,
    pub overdue_bills: u32,
    pub buckets: AgeBuckets,
    pub total: Money,
}

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
    pub fn statement(&self, account: &str) -> Result<Statement> {
        let account = account.trim();
        let (_, holder) = super::connection_of(self.conn(), account)?;
        let bills = self.bills_of_account(account)?;
        let payments = self.payments_of(account)?;
        // Bills by issue date, payments by their date; a payment the same day comes after the bill.
        let mut events: Vec<(String, u8, i64, StatementLine)> = Vec::new();
        for b in &bills {
            events.push((
                b.issued_on.clone(),
                0,
                b.id,
                StatementLine {
                    date: b.issued_on.clone(),
                    kind: "bill".into(),
                    reference: format!("{} ({})", b.number, b.period),
                    charge: b.amount_due,
                    payment: Money::ZERO,
                    balance: Money::ZERO,
                },
            ));
        }
        let mut stmt = self
            .conn()
            .prepare("SELECT id, issued_on, number, kind, total FROM notes WHERE account = ?1")?;
        let notes: Vec<(i64, String, String, String, i64)> = stmt
            .query_map([account], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (id, day, number, kind, total) in notes {
            events.push((
                day.clone(),
                0,
                id,
                StatementLine {
                    date: day,
                    kind: format!("{kind}_note"),
                    reference: number,
                    charge: Money::from_cents(total),
                    payment: Money::ZERO,
                    balance: Money::ZERO,
                },
            ));
        }
        let mut stmt = self.conn().prepare(
            "SELECT id, event_on, kind, reason, charge FROM service_events WHERE account = ?1 AND charge > 0",
        )?;
        let charges: Vec<(i64, String, String, String, i64)> = stmt
            .query_map([account], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (id, day, kind, reason, charge) in charges {
            events.push((
                day.clone(),
                0,
                id,
                StatementLine {
                    date: day,
                    kind,
                    reference: reason,
                    charge: Money::from_cents(charge),
                    payment: Money::ZERO,
                    balance: Money::ZERO,
                },
            ));
        }
        for p in &payments {
            events.push((
                p.paid_on.clone(),
                1,
                p.id,
                StatementLine {
                    date: p.paid_on.clone(),
                    kind: if p.reverses.is_some() {
                        "reversal".into()
                    } else {
                        "payment".into()
                    },
                    reference: p.number.clone(),
                    charge: Money::ZERO,
                    payment: p.amount,
                    balance: Money::ZERO,
                },
            ));
        }
        events.sort_by(|a, b| (&a.0, a.1, a.2).cmp(&(&b.0, b.1, b.2)));
        let mut balance = Money::ZERO;
        let mut lines = Vec::with_capacity(events.len());
        for (_, _, _, mut line) in events {
            balance = balance.checked_add(line.charge)?.checked_sub(line.payment)?;
            line.balance = balance;
            lines.push(line);
        }
        Ok(Statement {
            account: account.to_string(),
            holder,
            lines,
            balance,
        })
    }

    /// Every connection with an overdue amount on `as_of`, with its amounts by age, largest
    /// first.
    ///
    /// Oldest-first allocation means a connection's bills are paid by the total it has paid,
    /// in order; so one pass over the bills in connection order, with each connection's total
    /// paid by the date, gives every bill's unpaid part without building the allocation.
    pub fn arrears(&self, as_of: NaiveDate) -> Result<Vec<ArrearsRow>> {
        let conn = self.conn();
        let paid: HashMap<i64, i64> = {
            let mut stmt = conn.prepare(
                "SELECT connection_id, sum(amount) FROM payments WHERE paid_on <= ?1 GROUP BY connection_id",
            )?;
            let rows = stmt.query_map([as_of.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let notes = crate::notes::adjustments(conn)?;
        let names: HashMap<i64, (String, String, String)> = {
            let mut who = conn.prepare("SELECT id, account, name, address FROM connections")?;
            let rows = who.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let as_of_text = as_of.to_string();
        let mut stmt =
            conn.prepare("SELECT connection_id, id, due_on, amount_due FROM bills INDEXED BY bills_history ORDER BY connection_id, period")?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        // The connection being walked: its id, what it has left to pay with, its buckets.
        let mut current: Option<(i64, Money, AgeBuckets, u32)> = None;
        let flush = |c: Option<(i64, Money, AgeBuckets, u32)>, out: &mut Vec<ArrearsRow>| -> Result<()> {
            if let Some((id, _, buckets, overdue)) = c.filter(|c| c.3 > 0) {
                let (account, holder, address) = names.get(&id).cloned().unwrap_or_default();
                out.push(ArrearsRow {
                    account,
                    holder,
                    address,
                    overdue_bills: overdue,
                    total: buckets.total()?,
                    buckets,
                });
            }
            Ok(())
        };
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if current.as_ref().is_none_or(|c| c.0 != id) {
                flush(current.take(), &mut out)?;
                let credit = Money::from_cents(paid.get(&id).copied().unwrap_or(0));
                current = Some((id, credit, AgeBuckets::default(), 0));
            }
            let Some((_, credit, buckets, overdue)) = current.as_mut() else {
                continue;
            };
            let mut due = Money::from_cents(r.get(3)?);
            if let Some((total, _)) = notes.get(&r.get::<_, i64>(1)?) {
                due = due.checked_add(*total)?;
            }
            let take = (*credit).min(due).max(Money::ZERO);
            *credit = credit.checked_sub(take)?;
            let left = due.checked_sub(take)?;
            let due_on = r.get_ref(2)?.as_str().unwrap_or("");
            if left > Money::ZERO && due_on < as_of_text.as_str() {
                *overdue += 1;
                let days = parse_date(due_on).map_or(0, |d| (as_of - d).num_days());
                buckets.add(days, left)?;
            }
        }
        flush(current.take(), &mut out)?;
        out.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.account.cmp(&b.account)));
        Ok(out)
    }

    /// The sums of [`Ledger::arrears`] by age.
    pub fn arrears_totals(rows: &[ArrearsRow]) -> Result<AgeBuckets> {
        let mut t = AgeBuckets::default();
        for r in rows {
            t.merge(&r.buckets)?;
        }
        Ok(t)
    }

    /// Connections with two or more overdue bills on `as_of`.
    pub fn disconnection_list(&self, as_of: NaiveDate) -> Result<Vec<ArrearsRow>> {
        let mut rows: Vec<ArrearsRow> = self
            .arrears(as_of)?
            .into_iter()
            .filter(|r| r.overdue_bills >= 2)
            .collect();
        rows.sort_by(|a, b| a.account.cmp(&b.account));
        Ok(rows)
    }

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
