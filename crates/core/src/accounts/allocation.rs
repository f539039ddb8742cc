//! The one allocator: who paid what. Pure — entries in, coverage out — so every view (the
//! statement, the receipt, arrears, the disconnection list, the fund's share) derives the same
//! answer from the same entries, and a property test can hold them to it.
//!
//! Rules (docs/accounts.md): credits pay charges oldest first (by date, then by number); a
//! credit note pays first the bill it corrects, then the oldest; a reversed payment and its
//! reversal drop out of allocation once the reversal is dated (the debt keeps its age); what a
//! credit cannot place stays as a credit that later charges consume.

use super::{Entry, EntryKind};
use crate::money::{Money, Overflow};
use std::collections::HashSet;

/// One piece of a credit applied to one charge, by index into the entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece {
    pub credit: usize,
    pub charge: usize,
    pub amount: Money,
}

/// What allocation derives from one account's entries.
#[derive(Debug, Clone, Default)]
pub(crate) struct Allocation {
    /// How much of each entry's charge is covered, by entry index (0 for credits).
    pub covered: Vec<Money>,
    /// How much of each credit was applied to charges, by entry index (0 for charges).
    pub applied: Vec<Money>,
    pub pieces: Vec<Piece>,
    /// Credit not yet applied to any charge.
    pub unapplied: Money,
}

impl Allocation {
    /// What entry `i` (a charge) still owes.
    pub fn unpaid(&self, entries: &[Entry], i: usize) -> Money {
        let charge = entries[i].amount.max(Money::ZERO);
        Money::from_cents(charge.cents() - self.covered[i].cents())
    }
}

/// Allocates `entries` (one account's, already limited to a date and in ledger order: date,
/// kind order, id).
pub(crate) fn allocate(entries: &[Entry]) -> Result<Allocation, Overflow> {
    let n = entries.len();
    let mut a = Allocation {
        covered: vec![Money::ZERO; n],
        applied: vec![Money::ZERO; n],
        pieces: Vec::new(),
        unapplied: Money::ZERO,
    };
    // A payment reversed within these entries, and its reversal, take no part.
    let reversed: HashSet<i64> = entries.iter().filter_map(|e| e.reverses).collect();
    let cancelled =
        |e: &Entry| e.kind == EntryKind::Reversal || (e.kind == EntryKind::Payment && reversed.contains(&e.id));
    // Charges in ledger order: the entries are already in it.
    let charges: Vec<usize> = (0..n)
        .filter(|&i| entries[i].kind.is_charge() && entries[i].amount > Money::ZERO)
        .collect();
    let mut left: Vec<Money> = charges.iter().map(|&i| entries[i].amount).collect();
    let mut oldest = 0;
    for (ci, credit) in entries.iter().enumerate() {
        let is_credit = !credit.kind.is_charge() || credit.amount < Money::ZERO;
        if !is_credit || cancelled(credit) {
            continue;
        }
        let mut rest = Money::from_cents(credit.amount.cents().checked_neg().ok_or(Overflow)?);
        if rest <= Money::ZERO {
            continue;
        }
        if credit.kind == EntryKind::CreditNote
            && let Some(k) = charges
                .iter()
                .position(|&i| entries[i].kind == EntryKind::Bill && Some(entries[i].id) == credit.bill_id)
        {
            place(&mut a, &mut left, &charges, ci, k, &mut rest)?;
        }
        while rest > Money::ZERO && oldest < charges.len() {
            if left[oldest] == Money::ZERO {
                oldest += 1;
                continue;
            }
            place(&mut a, &mut left, &charges, ci, oldest, &mut rest)?;
        }
        a.unapplied = a.unapplied.checked_add(rest)?;
    }
    // Each credit walked every charge, later ones included: a credit left over has already
    // paid the charges that came after it, oldest first.
    Ok(a)
}

/// Applies as much of credit `ci`'s `rest` as charge `k` (by position in `charges`) still owes.
fn place(
    a: &mut Allocation,
    left: &mut [Money],
    charges: &[usize],
    ci: usize,
    k: usize,
    rest: &mut Money,
) -> Result<(), Overflow> {
    let take = (*rest).min(left[k]);
    if take > Money::ZERO {
        left[k] = left[k].checked_sub(take)?;
        *rest = rest.checked_sub(take)?;
        let charge = charges[k];
        a.covered[charge] = a.covered[charge].checked_add(take)?;
        a.applied[ci] = a.applied[ci].checked_add(take)?;
        a.pieces.push(Piece {
            credit: ci,
            charge,
            amount: take,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn entry(kind: EntryKind, id: i64, d: u32, cents: i64) -> Entry {
        Entry {
            kind,
            id,
            date: day(d),
            amount: Money::from_cents(cents),
            due_on: kind.is_charge().then(|| day(d)),
            bill_id: (kind == EntryKind::Bill).then_some(id),
            fund_share: Money::ZERO,
            tariff_id: None,
            reverses: None,
            reference: String::new(),
        }
    }

    #[test]
    fn oldest_first_partial_and_credit() {
        let e = [
            entry(EntryKind::Bill, 1, 1, 1000),
            entry(EntryKind::Bill, 2, 2, 2000),
            entry(EntryKind::Payment, 1, 3, -1500),
            entry(EntryKind::Bill, 3, 4, 500),
            entry(EntryKind::Payment, 2, 5, -2500),
        ];
        let a = allocate(&e).unwrap();
        assert_eq!(a.unpaid(&e, 0), Money::ZERO);
        assert_eq!(a.unpaid(&e, 1), Money::ZERO);
        assert_eq!(a.unpaid(&e, 3), Money::ZERO);
        assert_eq!(a.unapplied, Money::from_cents(500));
    }

    #[test]
    fn a_credit_note_pays_its_own_bill_first() {
        let mut note = entry(EntryKind::CreditNote, 1, 3, -400);
        note.bill_id = Some(2);
        let e = [
            entry(EntryKind::Bill, 1, 1, 1000),
            entry(EntryKind::Bill, 2, 2, 400),
            note,
        ];
        let a = allocate(&e).unwrap();
        assert_eq!(a.unpaid(&e, 0), Money::from_cents(1000));
        assert_eq!(a.unpaid(&e, 1), Money::ZERO);
    }

    #[test]
    fn a_reversed_payment_pays_nothing_and_the_debt_keeps_its_age() {
        let mut reversal = entry(EntryKind::Reversal, 2, 9, 1000);
        reversal.reverses = Some(1);
        let e = [
            entry(EntryKind::Bill, 1, 1, 1000),
            entry(EntryKind::Payment, 1, 3, -1000),
            reversal,
        ];
        let a = allocate(&e).unwrap();
        assert_eq!(a.unpaid(&e, 0), Money::from_cents(1000));
        assert!(a.pieces.is_empty());
        // Before the reversal is dated, the payment counts.
        let a = allocate(&e[..2]).unwrap();
        assert_eq!(a.unpaid(&e, 0), Money::ZERO);
    }

    #[test]
    fn a_prepayment_pays_the_next_charge() {
        let e = [
            entry(EntryKind::Payment, 1, 1, -1500),
            entry(EntryKind::ServiceCharge, 1, 2, 1500),
        ];
        let a = allocate(&e).unwrap();
        assert_eq!(a.unpaid(&e, 1), Money::ZERO);
        assert_eq!(a.unapplied, Money::ZERO);
    }
}
