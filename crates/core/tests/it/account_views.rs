//! The property the accounts model exists for: whatever sequence of payments (full, partial,
//! over), reversals, notes, service charges, cuts and reconnections happens to connections
//! that start in the middle of the year, every view of an account agrees to the céntimo —
//! the statement, the receipt, `accounts export`, arrears, the next bill's previous balance —
//! and the fund receives exactly the shares of what is settled. The ledger is also held to a
//! naive model kept beside it: each account's balance as the plain sum of the operations made
//! (bills' amounts due, debit notes and reconnection charges, less credit notes and payments,
//! plus reversals), and the note and cut branches must have run in the cases tried.

use super::accounts::fund_tariff;
use super::common::*;
use caudal_core::error::ErrorCode;
use caudal_core::notes::{NoteKind, NoteRequest};
use caudal_core::{Ledger, Money};
use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::cell::Cell;

#[derive(Debug, Clone)]
enum Op {
    /// Pays `percent` of what is owed (over 100 leaves a credit); at least S/ 1.00.
    Pay {
        who: usize,
        percent: u32,
    },
    ReverseLast {
        who: usize,
    },
    Credit {
        who: usize,
        cents: i64,
    },
    Debit {
        who: usize,
        cents: i64,
    },
    CutAndReconnect {
        who: usize,
    },
    /// Issues the next period (readings for the metered connection included).
    NextMonth,
    /// Lets days go by.
    Wait {
        days: i64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0usize..2, 10u32..160).prop_map(|(who, percent)| Op::Pay { who, percent }),
        1 => (0usize..2).prop_map(|who| Op::ReverseLast { who }),
        1 => (0usize..2, 1i64..900).prop_map(|(who, cents)| Op::Credit { who, cents }),
        1 => (0usize..2, 1i64..900).prop_map(|(who, cents)| Op::Debit { who, cents }),
        1 => (0usize..2).prop_map(|who| Op::CutAndReconnect { who }),
        3 => Just(Op::NextMonth),
        2 => (1i64..25).prop_map(|days| Op::Wait { days }),
    ]
}

const ACCOUNTS: [&str; 2] = ["01-0001", "02-0002"];

/// Every view of every account at the end of `day` agrees.
fn views_agree(ledger: &Ledger, day: NaiveDate) -> Result<(), TestCaseError> {
    let rows = ledger.accounts(day).unwrap();
    let arrears = ledger.arrears(day).unwrap();
    for account in ACCOUNTS {
        let row = rows.iter().find(|r| r.account == account).unwrap();
        prop_assert_eq!(row.balance, row.charges.checked_sub(row.credits).unwrap());
        prop_assert_eq!(row.overdue, row.buckets.total().unwrap());
        prop_assert!(row.overdue <= row.charges);
        match arrears.iter().find(|a| a.account == account) {
            Some(a) => prop_assert_eq!((a.total, a.overdue_bills), (row.overdue, row.overdue_charges)),
            None => prop_assert_eq!(row.overdue, Money::ZERO),
        }
        // An account whose overdue part is positive owes at least that much.
        if row.overdue > Money::ZERO {
            prop_assert!(
                row.balance >= row.overdue,
                "{account}: balance {} < overdue {}",
                row.balance,
                row.overdue
            );
        }
    }
    Ok(())
}

/// How often the branches that may be refused did their work, over every case tried.
#[derive(Default)]
struct Ran {
    notes: Cell<u32>,
    cuts: Cell<u32>,
}

/// Each account's balance in the ledger is the naive model's sum of its operations.
fn model_agrees(ledger: &Ledger, model: &[i64; 2]) -> Result<(), TestCaseError> {
    for (who, account) in ACCOUNTS.iter().enumerate() {
        prop_assert_eq!(
            ledger.statement(account).unwrap().balance,
            Money::from_cents(model[who]),
            "{}: the ledger's balance against the sum of the operations",
            account
        );
    }
    Ok(())
}

#[test]
fn every_view_of_an_account_agrees() {
    let ran = Ran::default();
    let mut runner = TestRunner::new(Config {
        cases: 20,
        // The cases that once failed (account_views.proptest-regressions) are tried first.
        source_file: Some(file!()),
        ..Config::default()
    });
    runner
        .run(&proptest::collection::vec(op(), 1..40), |ops| one_history(ops, &ran))
        .unwrap();
    // A refusal of every note or every cut would leave their branches untested unnoticed.
    assert!(ran.notes.get() > 0, "no note was issued in any case");
    assert!(ran.cuts.get() > 0, "no cut was made in any case");
    println!("notes issued {}, cuts made {}", ran.notes.get(), ran.cuts.get());
}

fn one_history(ops: Vec<Op>, ran: &Ran) -> Result<(), TestCaseError> {
    {
        let mut t = Town::with_tariff(&fund_tariff());
        t.ledger.set_setting(&admin(), "reconnection_charge", "15.00").unwrap();
        t.customers(
            "account,name,address,sector,category,metered,meter_serial,meter_digits,initial_reading,sewer,subsidized,connected_on\n\
             01-0001,Rosa Quispe,Jr. Grau 1,Centro,domestico,si,M-1,5,0,si,si,\n\
             02-0002,Juan Ccori,Jr. Grau 2,Centro,domestico,no,,,,si,no,2026-03-10\n",
        );
        let mut period = p("2026-01");
        let mut reading = 0u64;
        t.readings(&readings_csv(&[("01-0001", "2026-01", Some(12))]));
        let mut today = period.next().first_day();
        t.ledger.issue_run(&clerk(), period, Some(today), |_, _| true).unwrap();
        let mut model = [0i64; 2];
        let charge_bills = |model: &mut [i64; 2], bills: Vec<caudal_core::billing::Bill>| {
            for bill in bills {
                let who = ACCOUNTS.iter().position(|a| *a == bill.account).unwrap();
                model[who] += bill.amount_due.cents();
            }
        };
        charge_bills(&mut model, t.ledger.bills(period, None).unwrap());
        let last_period = p("2026-10");
        let mut last_payment: [Option<(String, i64)>; 2] = [None, None];
        for op in ops {
            match op {
                Op::Pay { who, percent } => {
                    let owed = t.ledger.statement(ACCOUNTS[who]).unwrap().balance;
                    let cents = (owed.cents() * i64::from(percent) / 100).max(100);
                    let r = t
                        .ledger
                        .record_payment(&clerk(), ACCOUNTS[who], Money::from_cents(cents), today)
                        .unwrap();
                    // The receipt's balance after is the statement's and the export's.
                    prop_assert_eq!(r.balance_after, t.ledger.statement(ACCOUNTS[who]).unwrap().balance);
                    let real_today = t.ledger.clock().today();
                    let exported = t
                        .ledger
                        .accounts(real_today)
                        .unwrap()
                        .into_iter()
                        .find(|a| a.account == ACCOUNTS[who])
                        .unwrap()
                        .balance;
                    prop_assert_eq!(r.balance_after, exported);
                    model[who] -= cents;
                    last_payment[who] = Some((r.payment.number, cents));
                }
                Op::ReverseLast { who } => {
                    if let Some((n, cents)) = last_payment[who].take() {
                        // Refused only when the fund already spent the share; nothing is spent here.
                        t.ledger
                            .reverse_payment(&clerk(), &n, "billete falso", today, None)
                            .unwrap();
                        model[who] += cents;
                    }
                }
                Op::Credit { who, cents } | Op::Debit { who, cents } => {
                    let kind = if matches!(op, Op::Credit { .. }) {
                        NoteKind::Credit
                    } else {
                        NoteKind::Debit
                    };
                    if let Some(bill) = t.ledger.bills_of_account(ACCOUNTS[who]).unwrap().pop() {
                        let req = NoteRequest {
                            bill: bill.number,
                            kind,
                            reason: "corrección".into(),
                            water: Money::from_cents(cents),
                            sewer: Money::ZERO,
                            fixed: Money::ZERO,
                            issued_on: Some(today),
                        };
                        // Refused only a credit beyond what the line holds, or a note the
                        // subsidy brings to nothing (a céntimo on a subsidized bill).
                        match t.ledger.issue_note(&clerk(), &req) {
                            Ok(note) => {
                                // A note's total carries its sign: negative for a credit.
                                prop_assert_eq!(note.total.cents() < 0, kind == NoteKind::Credit);
                                model[who] += note.total.cents();
                                ran.notes.set(ran.notes.get() + 1);
                            }
                            Err(e) => prop_assert!(
                                matches!(e.code(), ErrorCode::NoteExceeds | ErrorCode::NoteLines),
                                "{}",
                                e
                            ),
                        }
                    }
                }
                Op::CutAndReconnect { who } => {
                    // Refused only on a day before the connection's start or its last event.
                    match t.ledger.cut_service(&clerk(), ACCOUNTS[who], today, "deuda") {
                        Ok(_) => {
                            let back = t
                                .ledger
                                .reconnect_service(&clerk(), ACCOUNTS[who], today, "pagó")
                                .unwrap();
                            model[who] += back.charge.cents();
                            prop_assert_eq!(back.charge, Money::from_cents(1500));
                            ran.cuts.set(ran.cuts.get() + 1);
                        }
                        Err(e) => prop_assert_eq!(e.code(), "event_on", "{}", e),
                    }
                }
                Op::NextMonth => {
                    if period < last_period {
                        period = period.next();
                        reading += 7;
                        t.readings(&readings_csv(&[("01-0001", &period.to_string(), Some(12 + reading))]));
                        today = today.max(period.next().first_day());
                        let before = t.ledger.accounts(today).unwrap();
                        t.ledger.issue_run(&clerk(), period, Some(today), |_, _| true).unwrap();
                        charge_bills(&mut model, t.ledger.bills(period, None).unwrap());
                        // The previous balance is the balance on the issue date, before the bill.
                        for bill in t.ledger.bills(period, None).unwrap() {
                            let was = before.iter().find(|a| a.account == bill.account).unwrap().balance;
                            prop_assert_eq!(bill.previous_balance, was);
                        }
                    }
                }
                Op::Wait { days } => {
                    let next = today + Duration::days(days);
                    // Never past the real today, and never into a period not yet billed.
                    if next < period.next().next().first_day() && next <= t.ledger.clock().today() {
                        today = next;
                    }
                }
            }
            views_agree(&t.ledger, today)?;
            model_agrees(&t.ledger, &model)?;
        }
        // Settle everything: the fund then holds exactly the shares of bills and notes.
        let real_today = t.ledger.clock().today();
        for account in ACCOUNTS {
            let owed = t.ledger.statement(account).unwrap().balance;
            if owed > Money::ZERO {
                t.ledger.record_payment(&clerk(), account, owed, today).unwrap();
                let who = ACCOUNTS.iter().position(|a| *a == account).unwrap();
                model[who] -= owed.cents();
            }
        }
        views_agree(&t.ledger, real_today)?;
        let rows = t.ledger.accounts(real_today).unwrap();
        prop_assert!(
            rows.iter()
                .all(|r| r.overdue == Money::ZERO && r.balance <= Money::ZERO)
        );
        let db = rusqlite::Connection::open(t.dir.path().join("caudal.db")).unwrap();
        let shares: i64 = db
            .query_row("SELECT (SELECT coalesce(sum(fund_share), 0) FROM bills) + (SELECT coalesce(sum(fund_share), 0) FROM notes)", [], |r| r.get(0))
            .unwrap();
        let fund = t.ledger.fund_balance(real_today).unwrap();
        let contributions = Money::sum(fund.purposes.iter().map(|p| p.contributions)).unwrap();
        // A credit note not yet used (a credit left on the account) has not yet taken its share
        // back; with nothing left over, every share is settled exactly.
        if rows.iter().all(|r| r.balance == Money::ZERO) {
            prop_assert_eq!(contributions, Money::from_cents(shares));
        } else {
            prop_assert!(contributions >= Money::from_cents(shares));
        }
        model_agrees(&t.ledger, &model)?;
        let report = t.ledger.verify().unwrap();
        prop_assert!(report.ok(), "{:?}", report.problems);
    }
    Ok(())
}
