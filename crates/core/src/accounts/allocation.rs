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

/// The allocation of each prefix of `entries` that ends at one of `days` (the entries dated on
/// or before it), as [`allocate`] gives it over that prefix alone, handed to `f` with the
/// day's index and the prefix (its `pieces` left empty). One allocation of all the entries
/// serves every day: credits pay oldest first, and the charges dated on or before a day come
/// before every later one, so what the credits of the prefix paid of the prefix's charges does
/// not depend on the entries after it. A reversal after the day is the exception (it cancels a
/// payment the day still counts), and a credit note dated before its own bill: such a day is
/// allocated on its own.
pub(crate) fn at_days(
    entries: &[Entry],
    days: &[chrono::NaiveDate],
    mut f: impl FnMut(usize, &[Entry], &Allocation) -> crate::error::Result<()>,
) -> crate::error::Result<()> {
    let whole = allocate(entries)?;
    let mut a = Allocation::default();
    for (k, &day) in days.iter().enumerate() {
        let upto = entries.partition_point(|e| e.date <= day);
        let prefix = &entries[..upto];
        let later = &entries[upto..];
        // A credit note of the prefix pays its own bill first; were that bill later (only an
        // edited file has one), the whole would place it differently.
        let note_before_bill = || {
            prefix.iter().any(|n| {
                n.kind == EntryKind::CreditNote
                    && later
                        .iter()
                        .any(|b| b.kind == EntryKind::Bill && Some(b.id) == n.bill_id)
            })
        };
        if later.iter().any(|e| e.kind == EntryKind::Reversal) || note_before_bill() {
            f(k, prefix, &allocate(prefix)?)?;
            continue;
        }
        a.covered.clear();
        a.covered.resize(upto, Money::ZERO);
        a.applied.clear();
        a.applied.resize(upto, Money::ZERO);
        // The pieces are in the order of their credits.
        for p in whole.pieces.iter().take_while(|p| p.credit < upto) {
            if p.charge < upto {
                a.covered[p.charge] = a.covered[p.charge].checked_add(p.amount)?;
                a.applied[p.credit] = a.applied[p.credit].checked_add(p.amount)?;
            }
        }
        let reversed: HashSet<i64> = prefix.iter().filter_map(|e| e.reverses).collect();
        a.unapplied = Money::ZERO;
        for (i, e) in prefix.iter().enumerate() {
            let is_credit = !e.kind.is_charge() || e.amount < Money::ZERO;
            let cancelled = e.kind == EntryKind::Reversal || (e.kind == EntryKind::Payment && reversed.contains(&e.id));
            if is_credit && !cancelled && e.amount < Money::ZERO {
                let rest =
                    Money::from_cents(e.amount.cents().checked_neg().ok_or(Overflow)?).checked_sub(a.applied[i])?;
                a.unapplied = a.unapplied.checked_add(rest)?;
            }
        }
        f(k, prefix, &a)?;
    }
    Ok(())
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

    use proptest::prelude::*;

    fn arbitrary_entry() -> impl Strategy<Value = (u8, u32, i64, u8)> {
        (0u8..6, 1u32..29, 1i64..5_000, 0u8..8)
    }

    proptest! {
        /// One allocation of the whole serves every day exactly as allocating that day's
        /// prefix alone: credit notes on their own bill, prepayments, reversals before and
        /// after the day.
        #[test]
        fn every_day_from_one_allocation_is_that_days_own(raw in proptest::collection::vec(arbitrary_entry(), 0..40)) {
            let kinds = [
                EntryKind::Bill,
                EntryKind::DebitNote,
                EntryKind::ServiceCharge,
                EntryKind::CreditNote,
                EntryKind::Payment,
                EntryKind::Reversal,
            ];
            let mut e: Vec<Entry> = raw
                .iter()
                .enumerate()
                .map(|(n, &(k, d, cents, link))| {
                    let kind = kinds[k as usize];
                    let mut x = entry(kind, n as i64 + 1, d, if kind.is_charge() || kind == EntryKind::Reversal { cents } else { -cents });
                    match kind {
                        EntryKind::CreditNote | EntryKind::DebitNote => x.bill_id = Some(i64::from(link) + 1),
                        EntryKind::Reversal => x.reverses = Some(i64::from(link) + 1),
                        _ => {}
                    }
                    x
                })
                .collect();
            e.sort_by_key(|x| (x.date, x.kind, x.id));
            let days: Vec<NaiveDate> = (1..=31).step_by(3).map(day).collect();
            at_days(&e, &days, |k, prefix, a| {
                let own = allocate(prefix).unwrap();
                assert_eq!(prefix.len(), e.partition_point(|x| x.date <= days[k]));
                assert_eq!(a.covered, own.covered, "covered on day {}", days[k]);
                assert_eq!(a.applied, own.applied, "applied on day {}", days[k]);
                assert_eq!(a.unapplied, own.unapplied, "unapplied on day {}", days[k]);
                Ok(())
            })
            .unwrap();
        }
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
