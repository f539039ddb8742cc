//! The accounts model (docs/accounts.md): one set of dated entries per connection, one
//! allocator, and every view agreeing with it. Each test is named after what it protects; the
//! numbers in the comments are the observations of the issue that asked for the model.

use super::common::*;
use caudal_core::error::ErrorCode;
use caudal_core::notes::{NoteKind, NoteRequest};
use caudal_core::service::ServiceAction;
use caudal_core::{Ledger, Money};

pub(super) fn m(s: &str) -> Money {
    Money::from_plain(s).unwrap()
}

pub(super) fn day(s: &str) -> chrono::NaiveDate {
    caudal_core::period::parse_date(s).unwrap()
}

/// SEDAPAL with a 5% fund (half of it for subsidies) and a 50% subsidy of the first 10 m³.
pub fn fund_tariff() -> String {
    SEDAPAL.replacen(
        "[categories.domestico]",
        "[fund]\npercent = \"0.05\"\npurposes = { subsidy = \"0.50\", environment = \"0.25\", hygiene = \"0.25\" }\n\n\
         [subsidy]\npercent = \"0.50\"\nmax_m3 = 10\n\n[categories.domestico]",
        1,
    )
}

/// One metered domestic connection with sewer, subsidized or not.
pub(super) fn customer(account: &str, subsidized: bool) -> String {
    let s = if subsidized { "si" } else { "no" };
    format!("{HEADER}{account},Rosa Quispe,Jr. Grau 123,Centro,domestico,si,M-{account},5,0,si,{s}\n")
}

/// The balance `accounts export` writes for `account` at the end of `as_of`.
pub(super) fn exported(ledger: &Ledger, as_of: chrono::NaiveDate, account: &str) -> Money {
    ledger
        .accounts(as_of)
        .unwrap()
        .into_iter()
        .find(|r| r.account == account)
        .unwrap()
        .balance
}

// 1
#[test]
fn a_connection_is_not_billed_before_it_was_connected() {
    let mut t = Town::new();
    t.customers(
        "account,name,address,sector,category,metered,sewer,subsidized,connected_on\n\
         05-0001,Luz Mamani,Jr. Sol 5,Centro,domestico,no,si,no,2026-03-10\n\
         05-0002,Juan Ccori,Jr. Sol 7,Centro,domestico,no,si,no,\n",
    );
    assert_eq!(t.issue("2026-01").issued, 1);
    let preview = t.ledger.preview_run(p("2026-02")).unwrap();
    assert_eq!((preview.lines.len(), preview.not_connected), (1, 1));
    t.issue("2026-02");
    assert_eq!(
        t.issue("2026-03").issued,
        2,
        "billed whole in the month it was connected"
    );
    assert!(t.ledger.bills(p("2026-01"), Some("05-0001")).unwrap().is_empty());
    // Its oldest bill is March's: never more than 90 days overdue on 2026-06-01.
    let rows = t.ledger.arrears(day("2026-06-01")).unwrap();
    let row = rows.iter().find(|r| r.account == "05-0001").unwrap();
    assert_eq!((row.overdue_bills, row.buckets.over_90), (1, Money::ZERO));
}

// 2
#[test]
fn a_reconnection_charge_is_owed_like_a_bill_and_paying_everything_leaves_zero() {
    let mut t = Town::with_tariff(&fund_tariff());
    t.customers(&customer("01-0001", false));
    t.readings(&readings_csv(&[
        ("01-0001", "2026-01", Some(30)),
        ("01-0001", "2026-02", Some(60)),
    ]));
    t.issue("2026-01");
    t.issue("2026-02");
    t.ledger.set_setting(&admin(), "reconnection_charge", "15.00").unwrap();
    t.ledger
        .cut_service(&clerk(), "01-0001", day("2026-03-20"), "dos recibos vencidos")
        .unwrap();
    t.ledger
        .reconnect_service(&clerk(), "01-0001", day("2026-03-25"), "pagó")
        .unwrap();
    let owed = t.ledger.statement("01-0001").unwrap().balance;
    let bills: Vec<_> = t.ledger.bills_of_account("01-0001").unwrap();
    let billed = Money::sum(bills.iter().map(|b| b.amount_due)).unwrap();
    assert_eq!(owed, billed.checked_add(m("15.00")).unwrap());
    let r = t
        .ledger
        .record_payment(&clerk(), "01-0001", owed, day("2026-03-26"))
        .unwrap();
    assert_eq!(r.balance_after, Money::ZERO, "the receipt says nothing is owed");
    assert!(
        r.applied
            .iter()
            .any(|a| a.bill == "reconnect" && a.amount == m("15.00"))
    );
    let today = t.ledger.clock().today();
    assert_eq!(t.ledger.statement("01-0001").unwrap().balance, Money::ZERO);
    assert_eq!(exported(&t.ledger, today, "01-0001"), Money::ZERO);
    assert!(t.ledger.arrears(today).unwrap().is_empty());
    // The fund gets exactly the bills' shares: the reconnection charge is no prepayment.
    let shares = Money::sum(bills.iter().map(|b| b.fund_share)).unwrap();
    let fund = t.ledger.fund_balance(today).unwrap();
    assert_eq!(
        Money::sum(fund.purposes.iter().map(|p| p.contributions)).unwrap(),
        shares
    );
}

// 3
#[test]
fn a_full_credit_note_of_a_subsidized_bill_credits_what_the_bill_charged() {
    let mut t = Town::with_tariff(&fund_tariff());
    t.customers(&customer("01-0001", true));
    t.readings(&readings_csv(&[("01-0001", "2026-01", Some(12))]));
    t.issue("2026-01");
    let bill = t.bill("2026-01", "01-0001");
    assert!(bill.subsidy < Money::ZERO);
    let req = NoteRequest {
        bill: bill.number.clone(),
        kind: NoteKind::Credit,
        reason: "conexión duplicada".into(),
        water: bill.water,
        sewer: bill.sewer,
        fixed: bill.fixed,
        issued_on: Some(day("2026-02-10")),
    };
    let note = t.ledger.issue_note(&clerk(), &req).unwrap();
    assert_eq!(note.total, bill.month_total.checked_neg().unwrap());
    assert_eq!(note.subsidy, bill.subsidy.checked_neg().unwrap());
    // Nothing is left to credit: not a line, not the total.
    let again = NoteRequest {
        water: m("0.01"),
        sewer: Money::ZERO,
        fixed: Money::ZERO,
        ..req.clone()
    };
    assert_eq!(
        t.ledger.issue_note(&clerk(), &again).unwrap_err().code(),
        "note_exceeds"
    );
    // What is left owed is the pay rounding, which notes never correct.
    let left = bill.amount_due.checked_sub(bill.month_total).unwrap();
    assert_eq!(t.ledger.statement("01-0001").unwrap().balance, left);
}

#[test]
fn a_partial_credit_takes_back_the_subsidy_in_proportion() {
    let mut t = Town::with_tariff(&fund_tariff());
    t.customers(&customer("01-0001", true));
    t.readings(&readings_csv(&[("01-0001", "2026-01", Some(20))]));
    t.issue("2026-01");
    let bill = t.bill("2026-01", "01-0001");
    let req = NoteRequest {
        bill: bill.number.clone(),
        kind: NoteKind::Credit,
        reason: "lectura mal digitada".into(),
        water: m("5.00"),
        sewer: Money::ZERO,
        fixed: Money::ZERO,
        issued_on: None,
    };
    let note = t.ledger.issue_note(&clerk(), &req).unwrap();
    // Subsidy × credited water and sewer ÷ the bill's water and sewer, half away from zero.
    let expected = (bill.subsidy.checked_neg().unwrap().to_decimal() * m("5.00").to_decimal()
        / bill.water.checked_add(bill.sewer).unwrap().to_decimal())
    .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    assert_eq!(note.subsidy.to_decimal(), expected);
    let net = m("5.00").checked_sub(note.subsidy).unwrap();
    let tax = (net.to_decimal() * rust_decimal::Decimal::new(18, 2))
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    assert_eq!(note.tax.to_decimal(), tax);
    assert_eq!(note.total, net.checked_add(note.tax).unwrap().checked_neg().unwrap());
}

/// The subsidy covers the first `max_m3` only: a debit on a bill already past that volume adds
/// no subsidy (it once added S/ 18.67 beyond a bill's maximum of S/ 5.08), and a debit on a
/// bill below it adds at most what brings the bill to the subsidy of `max_m3`.
#[test]
fn a_debit_never_takes_the_subsidy_past_its_volume() {
    let mut t = Town::with_tariff(&fund_tariff());
    t.customers(&format!(
        "{}01-0002,Juan Ccori,Jr. Grau 2,Centro,domestico,si,M-2,5,0,si,si\n",
        customer("01-0001", true)
    ));
    t.readings(&readings_csv(&[
        ("01-0001", "2026-01", Some(20)),
        ("01-0002", "2026-01", Some(4)),
    ]));
    t.issue("2026-01");
    // 50 % of 10 m³ of water (1.116) and sewer (0.504): S/ 8.10, the most any bill carries.
    let most = m("8.10");
    let full = t.bill("2026-01", "01-0001");
    assert_eq!(full.subsidy.checked_neg().unwrap(), most, "20 m³ is past max_m3");
    let debit = |bill: &str, water: &str| NoteRequest {
        bill: bill.into(),
        kind: NoteKind::Debit,
        reason: "lectura corregida".into(),
        water: m(water),
        sewer: Money::ZERO,
        fixed: Money::ZERO,
        issued_on: None,
    };
    let note = t.ledger.issue_note(&clerk(), &debit(&full.number, "40.00")).unwrap();
    assert_eq!(note.subsidy, Money::ZERO, "a bill at its maximum gets no more subsidy");
    assert_eq!(note.total, m("47.20"), "40.00 and its tax, nothing subtracted");

    let small = t.bill("2026-01", "01-0002");
    let room = most.checked_sub(small.subsidy.checked_neg().unwrap()).unwrap();
    let note = t.ledger.issue_note(&clerk(), &debit(&small.number, "40.00")).unwrap();
    assert_eq!(note.subsidy, room, "up to the subsidy of max_m3, no further");
    let again = t.ledger.issue_note(&clerk(), &debit(&small.number, "1.00")).unwrap();
    assert_eq!(again.subsidy, Money::ZERO);
}

// 4
#[test]
fn periods_are_billed_in_order_after_they_end_and_never_dated_back() {
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 5, 0));
    t.readings(&readings_csv(&[
        ("01-0001", "2026-01", Some(10)),
        ("01-0001", "2026-02", Some(20)),
        ("01-0001", "2026-03", Some(30)),
    ]));
    t.issue("2026-01");
    let skip = t
        .ledger
        .issue_run(&clerk(), p("2026-03"), Some(day("2026-04-03")), |_, _| true);
    assert_eq!(skip.unwrap_err().code(), "conflict", "March before February");
    let early = t
        .ledger
        .issue_run(&clerk(), p("2026-02"), Some(day("2026-02-20")), |_, _| true);
    assert_eq!(
        early.unwrap_err().code(),
        "issue_date",
        "an issue date inside the period"
    );
    t.ledger
        .issue_run(&clerk(), p("2026-02"), Some(day("2026-03-05")), |_, _| true)
        .unwrap();
    let back = t
        .ledger
        .issue_run(&clerk(), p("2026-03"), Some(day("2026-04-01")), |_, _| true);
    assert!(back.is_ok(), "after the last bill's date is fine");
    t.readings(&readings_csv(&[("01-0001", "2026-04", Some(40))]));
    let before_last = t
        .ledger
        .issue_run(&clerk(), p("2026-04"), Some(day("2026-03-31")), |_, _| true);
    assert_eq!(before_last.unwrap_err().code(), "issue_date");
    let back_again = t
        .ledger
        .issue_run(&clerk(), p("2026-02"), Some(day("2026-05-03")), |_, _| true);
    assert_eq!(
        back_again.unwrap_err().code(),
        "conflict",
        "an earlier period after a later one"
    );
    // The month that has just begun is not billed.
    let this = caudal_core::Period::of(t.ledger.clock().today());
    let now = t.ledger.issue_run(&clerk(), this, None, |_, _| true);
    assert_eq!(now.unwrap_err().code(), "period_not_ended");
}

// 5
#[test]
fn no_amount_can_overflow_a_sum() {
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 5, 0));
    t.readings(&readings_csv(&[("01-0001", "2026-01", Some(10))]));
    t.issue("2026-01");
    let bill = t.bill("2026-01", "01-0001");
    assert!(Money::typed(ErrorCode::Water, "50000000000000000").is_err());
    let huge = NoteRequest {
        bill: bill.number.clone(),
        kind: NoteKind::Debit,
        reason: "prueba".into(),
        water: Money::from_cents(5_000_000_000_000_000_000),
        sewer: Money::ZERO,
        fixed: Money::ZERO,
        issued_on: None,
    };
    for _ in 0..3 {
        assert_eq!(t.ledger.issue_note(&clerk(), &huge).unwrap_err().code(), "note_lines");
    }
    let huge_payment = t
        .ledger
        .record_payment(&clerk(), "01-0001", Money::from_cents(i64::MAX), day("2026-02-05"));
    assert_eq!(huge_payment.unwrap_err().code(), "amount");
    // Every view still answers.
    let today = t.ledger.clock().today();
    t.ledger.statement("01-0001").unwrap();
    t.ledger.arrears(today).unwrap();
    t.ledger.fund_balance(today).unwrap();
    t.ledger.preview_run(p("2026-02")).unwrap();
    assert!(
        t.ledger.payments_of("01-0001").unwrap().is_empty(),
        "nothing was written"
    );
}

// 7
#[test]
fn entries_are_dated_inside_the_ledgers_history() {
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 5, 0));
    t.readings(&readings_csv(&[("01-0001", "2026-01", Some(10))]));
    t.issue("2026-01");
    let old = t
        .ledger
        .record_payment(&clerk(), "01-0001", m("5.00"), day("2020-01-01"));
    let err = old.unwrap_err();
    assert_eq!(err.code(), "paid_on");
    assert!(
        err.message(caudal_core::Lang::Es)
            .contains("anterior al inicio del libro")
    );
    let future = t.ledger.record_payment(
        &clerk(),
        "01-0001",
        m("5.00"),
        t.ledger.clock().today().succ_opt().unwrap(),
    );
    assert_eq!(future.unwrap_err().code(), "paid_on");
    // A reading a year before its period, and a period of 1900.
    let err = t
        .try_readings("account,period,reading,read_on\n01-0001,2026-02,20,2025-02-28\n")
        .unwrap_err()
        .message(caudal_core::Lang::En);
    assert!(err.contains("more than a month from period 2026-02"), "{err}");
    let err = t
        .try_readings("account,period,reading,read_on\n01-0001,1900-01,20,1900-01-31\n")
        .unwrap_err()
        .message(caudal_core::Lang::En);
    assert!(err.contains("not a possible period"), "{err}");
    // A cut dated before the connection's last reconnection.
    t.ledger
        .cut_service(&clerk(), "01-0001", day("2026-02-10"), "deuda")
        .unwrap();
    t.ledger
        .reconnect_service(&clerk(), "01-0001", day("2026-02-20"), "pagó")
        .unwrap();
    let early_cut = t.ledger.cut_service(&clerk(), "01-0001", day("2026-02-15"), "deuda");
    assert_eq!(early_cut.unwrap_err().code(), "event_on");
}

// 9
#[test]
fn a_connections_status_changes_only_through_service_events() {
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 5, 0));
    t.readings(&readings_csv(&[("01-0001", "2026-01", Some(10))]));
    let cut = format!(
        "{}\n",
        one_customer("01-0001", 5, 0)
            .trim_end()
            .replace(HEADER.trim_end(), &format!("{},status", HEADER.trim_end()))
    )
    .replace(",si,no\n", ",si,no,cortado\n");
    let path = t.file("cut.csv", cut.as_bytes());
    let options = caudal_core::import::ImportOptions {
        replace: true,
        ..Default::default()
    };
    let err = t.ledger.import_customers(&clerk(), &path, options, false).unwrap_err();
    assert!(
        err.message(caudal_core::Lang::En)
            .contains("only through a service event"),
        "{}",
        err.message(caudal_core::Lang::En)
    );
    assert_eq!(
        t.ledger.customer("01-0001").unwrap().unwrap().status,
        caudal_core::customers::Status::Active
    );
    t.ledger
        .service_event(&clerk(), "01-0001", ServiceAction::Suspend, day("2026-01-15"), "viaje")
        .unwrap();
    assert_eq!(
        t.ledger.customer("01-0001").unwrap().unwrap().status,
        caudal_core::customers::Status::Suspended
    );
    t.ledger
        .service_event(
            &clerk(),
            "01-0001",
            ServiceAction::Close,
            day("2026-01-20"),
            "demolición",
        )
        .unwrap();
    let again = t
        .ledger
        .service_event(&clerk(), "01-0001", ServiceAction::Reconnect, day("2026-01-21"), "x");
    assert_eq!(again.unwrap_err().code(), "conflict");
    assert!(t.ledger.verify().unwrap().ok());
}

#[test]
fn closing_a_month_closes_every_month_before_it_and_seals_it() {
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 5, 0));
    t.readings(&readings_csv(&[
        ("01-0001", "2026-01", Some(10)),
        ("01-0001", "2026-02", Some(20)),
    ]));
    t.issue("2026-01");
    assert_eq!(
        t.ledger.close_month(&clerk(), p("2026-02"), "").unwrap_err().code(),
        "forbidden"
    );
    assert!(t.ledger.close_month(&admin(), p("2026-02"), "acta 3").unwrap());
    assert!(
        !t.ledger.close_month(&admin(), p("2026-01"), "").unwrap(),
        "already closed"
    );
    let this = caudal_core::Period::of(t.ledger.clock().today());
    assert_eq!(
        t.ledger.close_month(&admin(), this, "").unwrap_err().code(),
        "month_open"
    );
    // Nothing dated in it: a payment, a reading of it, a tariff in force from it.
    let pay = t
        .ledger
        .record_payment(&clerk(), "01-0001", m("1.00"), day("2026-01-31"));
    assert_eq!(pay.unwrap_err().code(), "paid_on");
    let err = t
        .try_readings(&readings_csv(&[("01-0001", "2026-02", Some(25))]))
        .unwrap_err();
    assert!(err.message(caudal_core::Lang::En).contains("is closed"));
    let tariff = SEDAPAL.replace("effective_from = \"2026-01\"", "effective_from = \"2026-02\"");
    assert_eq!(
        t.ledger.import_tariff(&admin(), &tariff).unwrap_err().code(),
        "tariff_effective_from"
    );
    // February's bills are issued in March, an open month.
    t.issue("2026-02");
    let report = t.ledger.verify().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn most_readings_missing_is_said_before_issuing() {
    let mut t = Town::new();
    let mut csv = HEADER.to_string();
    for i in 0..4 {
        csv.push_str(&format!(
            "01-000{i},Cliente {i},Jr. Grau {i},Centro,domestico,si,M-{i},5,0,si,no\n"
        ));
    }
    t.customers(&csv);
    t.readings(&readings_csv(&[("01-0000", "2026-01", Some(10))]));
    let preview = t.ledger.preview_run(p("2026-01")).unwrap();
    assert_eq!((preview.metered, preview.estimated), (4, 3));
    let warning = preview.warning.unwrap();
    assert!(
        warning
            .es
            .starts_with("3 de 4 conexiones con medidor no tienen lectura"),
        "{}",
        warning.es
    );
    let issued = t.issue("2026-01");
    assert_eq!(issued.warning.unwrap(), warning);
}

/// A ledger made by the release before the accounts model opens, migrates, verifies, and keeps
/// every balance but the ones that release got wrong.
#[test]
fn a_ledger_of_the_previous_release_migrates_and_keeps_its_balances() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger-v3.db");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ledger-v3.db"),
        &path,
    )
    .unwrap();
    let ledger = super::common::opened(&path);
    let report = ledger.verify().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    let old = include_str!("../fixtures/ledger-v3-balances.csv");
    let today = ledger.clock().today();
    let mut changed = Vec::new();
    for line in old.lines() {
        let (account, balance) = line.split_once(',').unwrap();
        let now = ledger.statement(account).unwrap().balance;
        assert_eq!(
            now,
            exported(&ledger, today, account),
            "{account}: statement and export agree"
        );
        if now != m(balance) {
            changed.push((account.to_string(), balance.to_string(), now.plain()));
        }
    }
    // The old statements were right: the migration changes no balance. What the old release
    // got wrong were views computed elsewhere: the receipt's balance after R001-00000144
    // (-15.00 then) and the note's subsidy (N001-00000001, immutable as issued).
    assert!(changed.is_empty(), "{changed:?}");
    let receipt = ledger.payments_of("02-00003").unwrap();
    assert!(receipt.iter().any(|p| p.number == "R001-00000144"));
    assert_eq!(ledger.statement("02-00003").unwrap().balance, Money::ZERO);
    // Its fund and arrears read the same entries, and the closed-month table starts empty.
    ledger.fund_balance(today).unwrap();
    ledger.arrears(today).unwrap();
    assert_eq!(ledger.closed_through().unwrap(), None);
}

#[test]
fn a_banks_file_follows_the_same_dates_as_the_counter() {
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 5, 0));
    t.readings(&readings_csv(&[("01-0001", "2026-01", Some(10))]));
    t.issue("2026-01");
    let path = t.file(
        "banco.csv",
        b"cuenta;importe;fecha;referencia\n01-0001;5,00;01/01/2020;BN-1\n01-0001;5,00;10/02/2026;BN-2\n",
    );
    let err = t
        .ledger
        .import_payments(&clerk(), &path, Default::default(), false)
        .unwrap_err();
    let text = err.message(caudal_core::Lang::Es);
    assert!(
        text.contains("fila 2") && text.contains("anterior al inicio del libro"),
        "{text}"
    );
    assert!(t.ledger.payments_of("01-0001").unwrap().is_empty(), "nothing written");
    t.ledger.close_month(&admin(), p("2026-02"), "").unwrap();
    let path = t.file(
        "banco.csv",
        b"cuenta;importe;fecha;referencia\n01-0001;5,00;10/02/2026;BN-2\n",
    );
    let err = t
        .ledger
        .import_payments(&clerk(), &path, Default::default(), false)
        .unwrap_err();
    assert!(err.message(caudal_core::Lang::Es).contains("está cerrado"));
}

// The window's bill list: each bill paid, partly paid or owed, from the allocator.
#[test]
fn each_bill_says_whether_it_is_paid_partly_paid_or_owed() {
    use caudal_core::accounts::Paid;
    let mut t = Town::new();
    t.customers(&customer("01-0001", false));
    t.readings(&readings_csv(&[
        ("01-0001", "2026-01", Some(30)),
        ("01-0001", "2026-02", Some(60)),
        ("01-0001", "2026-03", Some(90)),
    ]));
    for period in ["2026-01", "2026-02", "2026-03"] {
        t.issue(period);
    }
    let bills = t.ledger.bills_of_account("01-0001").unwrap();
    let (jan, feb, mar) = (&bills[0], &bills[1], &bills[2]);
    assert!(jan.period < feb.period && feb.period < mar.period);
    // January in full and S/ 1.00 of February: oldest first.
    let paid = jan.amount_due.checked_add(m("1.00")).unwrap();
    t.ledger
        .record_payment(&clerk(), "01-0001", paid, day("2026-04-02"))
        .unwrap();
    let ids: Vec<_> = bills.iter().map(|b| (b.id, b.connection_id)).collect();
    let standings = t.ledger.bill_standings(&ids).unwrap();
    let of = |b: &caudal_core::billing::Bill| &standings[&b.id];
    assert_eq!((of(jan).paid, of(jan).unpaid), (Paid::Paid, Money::ZERO));
    assert_eq!(of(jan).words.es, "Pagado");
    let left = feb.amount_due.checked_sub(m("1.00")).unwrap();
    assert_eq!((of(feb).paid, of(feb).unpaid), (Paid::PartlyPaid, left));
    assert_eq!(of(feb).words.es, format!("Pagado en parte: faltan {left}"));
    assert_eq!(of(feb).words.en, format!("Partly paid: {left} owed"));
    assert_eq!((of(mar).paid, of(mar).unpaid), (Paid::Owed, mar.amount_due));
    assert_eq!(of(mar).words.es, "Pendiente de pago");
    // The standings agree with the statement's balance: what is unpaid is what is owed.
    let unpaid = Money::sum(standings.values().map(|s| s.unpaid)).unwrap();
    assert_eq!(unpaid, t.ledger.statement("01-0001").unwrap().balance);
}

/// Customer names beginning with `=`, `+`, `-` or `@` went unescaped into `accounts.csv`: a
/// spreadsheet would run them as formulas. They are written as text.
#[test]
fn a_name_that_looks_like_a_formula_is_exported_as_text() {
    let mut t = Town::new();
    t.customers(&format!(
        "{HEADER}01-0001,\"=HYPERLINK(\"\"http://x\"\",\"\"pague aquí\"\")\",Jr. Grau 1,Centro,domestico,si,M-1,5,0,si,no\n\
         01-0002,@SUMA,Jr. Grau 2,Centro,domestico,si,M-2,5,0,si,no\n"
    ));
    let out = t.dir.path().join("cuentas.csv");
    t.ledger.export_accounts(p("2026-01").last_day(), &out).unwrap();
    let csv = std::fs::read_to_string(&out).unwrap();
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let holders: Vec<String> = r.records().map(|x| x.unwrap()[1].to_string()).collect();
    assert_eq!(holders, vec!["'=HYPERLINK(\"http://x\",\"pague aquí\")", "'@SUMA"]);
}
