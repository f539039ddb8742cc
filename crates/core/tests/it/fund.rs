//! The fund's purposes: never silently overdrawn by a reversal, and a balance at a past date
//! that a later month never changes.

use super::accounts::{customer, day, fund_tariff, m};
use super::common::*;
use caudal_core::{Ledger, Money};

// 8
#[test]
fn a_fund_purpose_is_never_silently_overdrawn_by_a_reversal() {
    let mut t = Town::with_tariff(&fund_tariff());
    t.customers(&customer("01-0001", false));
    t.readings(&readings_csv(&[("01-0001", "2026-01", Some(30))]));
    t.issue("2026-01");
    let bill = t.bill("2026-01", "01-0001");
    let r = t
        .ledger
        .record_payment(&clerk(), "01-0001", bill.amount_due, day("2026-02-10"))
        .unwrap();
    let hygiene = |l: &Ledger, d: &str| {
        l.fund_balance(day(d))
            .unwrap()
            .purposes
            .into_iter()
            .find(|p| p.purpose == "hygiene")
            .unwrap()
            .balance
    };
    let all = hygiene(&t.ledger, "2026-02-11");
    assert!(all > Money::ZERO);
    let spend = caudal_core::fund::FundSpending {
        purpose: "hygiene".into(),
        spent_on: day("2026-02-12"),
        amount: all,
        description: "Jabón".into(),
        document: "Boleta 1".into(),
        approved_by: "JVC".into(),
    };
    t.ledger.spend_fund(&admin(), &spend).unwrap();
    let reversal = t
        .ledger
        .reverse_payment(&clerk(), &r.payment.number, "billete falso", day("2026-02-15"), None);
    let err = reversal.unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert!(
        err.message(caudal_core::Lang::Es).contains("hygiene"),
        "{}",
        err.message(caudal_core::Lang::Es)
    );
    assert!(t.ledger.payments_of("01-0001").unwrap().len() == 1, "nothing written");
    // With the reason recorded it goes ahead, and the reason stays with the reversal.
    let rev = t
        .ledger
        .reverse_payment(
            &clerk(),
            &r.payment.number,
            "billete falso",
            day("2026-02-15"),
            Some("acuerdo JVC 14"),
        )
        .unwrap();
    assert!(rev.reason.unwrap().contains("acuerdo JVC 14"));
    // Spending is refused beyond what a purpose holds on any later day, too.
    assert!(hygiene(&t.ledger, "2026-02-15") < Money::ZERO);
}

#[test]
fn a_fund_balance_at_a_past_date_never_changes_when_a_later_month_is_issued() {
    let mut t = Town::with_tariff(&fund_tariff());
    t.customers(&customer("01-0001", true));
    t.readings(&readings_csv(&[
        ("01-0001", "2026-01", Some(30)),
        ("01-0001", "2026-02", Some(60)),
    ]));
    t.issue("2026-01");
    // Paid well ahead: a credit on 2026-02-25 that the February bill (issued 03/03) will use.
    t.ledger
        .record_payment(&clerk(), "01-0001", m("500.00"), day("2026-02-25"))
        .unwrap();
    let before = t.ledger.fund_balance(day("2026-02-28")).unwrap();
    t.issue("2026-02");
    let after = t.ledger.fund_balance(day("2026-02-28")).unwrap();
    assert_eq!(format!("{before:?}"), format!("{after:?}"));
    // Closed, it can no longer change at all.
    t.ledger.close_month(&admin(), p("2026-02"), "").unwrap();
    let late = t
        .ledger
        .record_payment(&clerk(), "01-0001", m("1.00"), day("2026-02-27"));
    assert_eq!(late.unwrap_err().code(), "paid_on");
    assert_eq!(
        format!("{:?}", t.ledger.fund_balance(day("2026-02-28")).unwrap()),
        format!("{after:?}")
    );
}
