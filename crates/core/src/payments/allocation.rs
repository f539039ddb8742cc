//! How payments pay bills: each connection's payments, in the order they were recorded, pay its
//! bills oldest first; what is left over is a credit that pays the next bills. Derived from the
//! immutable records every time, so a reversal or a new bill can never leave it stale. A
//! reversed payment and its reversal both drop out.

use crate::money::{Money, Overflow};
use chrono::NaiveDate;
use std::collections::HashMap;

/// A bill as allocation sees it.
#[derive(Debug, Clone)]
pub(crate) struct DueBill {
    pub id: i64,
    pub number: String,
    pub period: String,
    pub amount_due: Money,
    pub fund_share: Money,
    pub tariff_id: i64,
}

/// A payment as allocation sees it.
#[derive(Debug, Clone)]
pub(crate) struct Paid {
    pub id: i64,
    pub amount: Money,
}

/// One piece of a payment applied to one bill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Applied {
    pub payment_id: i64,
    pub bill_index: usize,
    pub amount: Money,
}

pub(crate) struct Allocation {
    pub applied: Vec<Applied>,
    /// What each bill still owes, by index.
    pub remaining: Vec<Money>,
    /// Paid and not yet applied to any bill.
    pub credit: Money,
}

/// Applies `payments` (recorded order, reversals already removed) to `bills` (issue order).
pub(crate) fn allocate(bills: &[DueBill], payments: &[Paid]) -> Result<Allocation, Overflow> {
    let mut remaining: Vec<Money> = bills.iter().map(|b| b.amount_due.max(Money::ZERO)).collect();
    let mut applied = Vec::new();
    let mut credit = Money::ZERO;
    let mut next = 0;
    for p in payments {
        let mut left = p.amount;
        while left > Money::ZERO && next < remaining.len() {
            if remaining[next] == Money::ZERO {
                next += 1;
                continue;
            }
            let take = left.min(remaining[next]);
            remaining[next] = remaining[next].checked_sub(take)?;
            left = left.checked_sub(take)?;
            applied.push(Applied {
                payment_id: p.id,
                bill_index: next,
                amount: take,
            });
        }
        credit = credit.checked_add(left)?;
    }
    // Bills are all known here, including those issued after a payment: an earlier overpayment
    // has already paid them above, oldest first.
    Ok(Allocation {
        applied,
        remaining,
        credit,
    })
}

/// Applies credit and debit notes to bills: a note changes what the bill asks and its fund
/// share.
pub(crate) fn apply_notes(bills: &mut [DueBill], notes: &HashMap<i64, (Money, Money)>) -> Result<(), Overflow> {
    for b in bills {
        if let Some((total, fund)) = notes.get(&b.id) {
            b.amount_due = b.amount_due.checked_add(*total)?;
            b.fund_share = b.fund_share.checked_add(*fund)?;
        }
    }
    Ok(())
}

/// A payment as recorded: id, date paid, amount (negative for a reversal), what it reverses.
pub(crate) type PaymentRecord = (i64, NaiveDate, Money, Option<i64>);

/// Every payment record of every connection, in recorded order.
pub(crate) fn all_payment_records(conn: &rusqlite::Connection) -> rusqlite::Result<HashMap<i64, Vec<PaymentRecord>>> {
    let mut stmt =
        conn.prepare("SELECT connection_id, id, paid_on, amount, reverses FROM payments ORDER BY connection_id, id")?;
    let rows: Vec<(i64, PaymentRecord)> = stmt
        .query_map([], |r| {
            let day: String = r.get(2)?;
            let paid_on = crate::period::parse_date(&day).unwrap_or(NaiveDate::MIN);
            Ok((r.get(0)?, (r.get(1)?, paid_on, Money::from_cents(r.get(3)?), r.get(4)?)))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(group(rows))
}

/// Drops reversed payments and their reversals.
pub(crate) fn effective(records: &[PaymentRecord]) -> Vec<Paid> {
    let reversed: std::collections::HashSet<i64> = records.iter().filter_map(|r| r.3).collect();
    records
        .iter()
        .filter(|r| r.3.is_none() && !reversed.contains(&r.0))
        .map(|&(id, _, amount, _)| Paid { id, amount })
        .collect()
}

/// Groups rows by connection id, keeping their order.
pub(crate) fn group<T>(rows: Vec<(i64, T)>) -> HashMap<i64, Vec<T>> {
    let mut map: HashMap<i64, Vec<T>> = HashMap::new();
    for (id, row) in rows {
        map.entry(id).or_default().push(row);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bill(id: i64, cents: i64) -> DueBill {
        DueBill {
            id,
            number: format!("S001-{id:08}"),
            period: "2026-01".into(),
            amount_due: Money::from_cents(cents),
            fund_share: Money::ZERO,
            tariff_id: 1,
        }
    }

    fn paid(id: i64, cents: i64) -> Paid {
        Paid {
            id,
            amount: Money::from_cents(cents),
        }
    }

    #[test]
    fn oldest_first_partial_and_credit() {
        let bills = [bill(1, 1000), bill(2, 2000), bill(3, 500)];
        let a = allocate(&bills, &[paid(1, 1500)]).unwrap();
        assert_eq!(
            a.remaining,
            vec![Money::ZERO, Money::from_cents(1500), Money::from_cents(500)]
        );
        let a = allocate(&bills, &[paid(1, 1500), paid(2, 2500)]).unwrap();
        assert_eq!(a.remaining, vec![Money::ZERO; 3]);
        assert_eq!(a.credit, Money::from_cents(500));
    }

    #[test]
    fn a_reversal_removes_the_payment() {
        let records = [
            (1, NaiveDate::MIN, Money::from_cents(100), None),
            (2, NaiveDate::MIN, Money::from_cents(300), None),
            (3, NaiveDate::MIN, Money::from_cents(-100), Some(1)),
        ];
        let e = effective(&records);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].id, 2);
    }
}
