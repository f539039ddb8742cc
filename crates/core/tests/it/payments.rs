//! Payments at the counter and from the bank, reversals, balances, arrears and the fund.

use super::common::*;
use caudal_core::fund::FundSpending;
use caudal_core::{Lang, Money};

fn m(s: &str) -> Money {
    Money::from_plain(s).unwrap()
}

fn day(s: &str) -> chrono::NaiveDate {
    caudal_core::period::parse_date(s).unwrap()
}

/// One metered customer billed for three months (82.70 each: the worked example's 30 m³).
fn three_bills() -> Town {
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 5, 0));
    t.readings(&readings_csv(&[
        ("01-0001", "2026-01", Some(30)),
        ("01-0001", "2026-02", Some(60)),
        ("01-0001", "2026-03", Some(90)),
    ]));
    for p in ["2026-01", "2026-02", "2026-03"] {
        t.issue(p);
    }
    t
}

#[test]
fn payments_go_to_the_oldest_bills_first_and_overpayment_is_credit() {
    let mut t = three_bills();
    let r = t
        .ledger
        .record_payment(&clerk(), "01-0001", m("100.00"), day("2026-04-05"))
        .unwrap();
    assert_eq!(r.payment.number, "R001-00000001");
    let applied: Vec<(&str, Money)> = r.applied.iter().map(|a| (a.bill.as_str(), a.amount)).collect();
    // Bills are 82.70, 82.70 − 0.04 carry… read them from the ledger rather than assume.
    let bills = t.ledger.bills_of_account("01-0001").unwrap();
    assert_eq!(applied[0], (bills[0].number.as_str(), bills[0].amount_due));
    assert_eq!(applied[1].1, m("100.00").checked_sub(bills[0].amount_due).unwrap());
    let owed = Money::sum(bills.iter().map(|b| b.amount_due)).unwrap();
    assert_eq!(r.balance_after, owed.checked_sub(m("100.00")).unwrap());
    // Paying more than is owed leaves a credit.
    let r = t
        .ledger
        .record_payment(&clerk(), "01-0001", m("200.00"), day("2026-04-06"))
        .unwrap();
    assert!(r.balance_after.is_negative());
    assert_eq!(t.ledger.statement("01-0001").unwrap().balance, r.balance_after);
    // The next bill shows the credit as a negative previous balance.
    t.readings(&readings_csv(&[("01-0001", "2026-04", Some(120))]));
    t.issue("2026-04");
    assert_eq!(t.bill("2026-04", "01-0001").previous_balance, r.balance_after);
}

/// At the counter the core asks before a payment leaves a credit, inside the write: the
/// question names what is owed and the credit, nothing is recorded until it is confirmed,
/// and a payment within the balance is not asked about.
#[test]
fn a_payment_that_would_leave_a_credit_is_asked_about_first() {
    use caudal_core::payments::Credit;
    let mut t = three_bills();
    let owed = t.ledger.statement("01-0001").unwrap().balance;
    let receipts = |t: &Town| t.ledger.payments_of("01-0001").unwrap().len();
    let more = owed.checked_add(m("20.00")).unwrap();
    let e = t
        .ledger
        .take_payment(&clerk(), "01-0001", more, day("2026-04-05"), Credit::AskFirst)
        .unwrap_err();
    assert_eq!(e.code(), "confirm_credit");
    let question = e.message(Lang::Es);
    assert!(
        question.contains(&owed.to_string()) && question.contains("S/ 20.00"),
        "{question}"
    );
    assert_eq!(receipts(&t), 0, "nothing recorded before the clerk confirms");
    t.ledger
        .take_payment(&clerk(), "01-0001", m("10.00"), day("2026-04-05"), Credit::AskFirst)
        .unwrap();
    let r = t
        .ledger
        .take_payment(&clerk(), "01-0001", more, day("2026-04-05"), Credit::Accepted)
        .unwrap();
    assert_eq!(receipts(&t), 2);
    assert_eq!(
        r.balance_after,
        m("-30.00"),
        "what was paid beyond the balance is credit"
    );
}

#[test]
fn a_reversal_undoes_a_payment_and_names_why() {
    let mut t = three_bills();
    let r = t
        .ledger
        .record_payment(&clerk(), "01-0001", m("82.70"), day("2026-04-05"))
        .unwrap();
    let before = t.ledger.statement("01-0001").unwrap().balance;
    let rev = t
        .ledger
        .reverse_payment(&clerk(), &r.payment.number, "billete falso", day("2026-04-06"), None)
        .unwrap();
    assert_eq!((rev.number.as_str(), rev.amount), ("R001-00000002", m("-82.70")));
    assert_eq!(
        t.ledger.statement("01-0001").unwrap().balance,
        before.checked_add(m("82.70")).unwrap()
    );
    let again = t
        .ledger
        .reverse_payment(&clerk(), &r.payment.number, "otra vez", day("2026-04-06"), None)
        .unwrap_err();
    assert_eq!(again.code(), "conflict");
    assert!(
        t.ledger
            .reverse_payment(&clerk(), &r.payment.number, "  ", day("2026-04-06"), None)
            .is_err()
    );
    assert!(t.ledger.verify().unwrap().ok());
}

#[test]
fn arrears_by_age_and_the_disconnection_list() {
    let t = three_bills();
    // Due dates: 18/02, 18/03, 18/04. On 2026-05-20: 91, 63 and 32 days overdue.
    let rows = t.ledger.arrears(day("2026-05-20")).unwrap();
    assert_eq!(rows.len(), 1);
    let b = rows[0].buckets;
    assert_eq!(rows[0].overdue_bills, 3);
    assert!(b.over_90 > Money::ZERO && b.d61_90 > Money::ZERO && b.d31_60 > Money::ZERO && b.d0_30 == Money::ZERO);
    assert_eq!(t.ledger.disconnection_list(day("2026-05-20")).unwrap().len(), 1);
    // Before the second due date only one bill is overdue: not on the list.
    assert!(t.ledger.disconnection_list(day("2026-03-01")).unwrap().is_empty());
}

#[test]
fn bank_collections_import_once_by_reference() {
    let mut t = three_bills();
    let csv = "cuenta;importe;fecha;referencia\n01-0001;82,70;05/04/2026;BN-1\n01-0001;10,00;06/04/2026;BN-2\n09-9;5,00;06/04/2026;BN-3\n";
    let path = t.file("banco.csv", csv.as_bytes());
    let err = t
        .ledger
        .import_payments(&clerk(), &path, Default::default(), false)
        .unwrap_err();
    assert!(
        err.message(Lang::Es)
            .contains("fila 4, columna cuenta («09-9»): no es una cuenta registrada"),
        "{}",
        err.message(Lang::Es)
    );
    assert!(t.ledger.payments_of("01-0001").unwrap().is_empty(), "nothing written");
    let path = t.file("banco.csv", csv.replace("09-9;5,00;06/04/2026;BN-3\n", "").as_bytes());
    let (s, _) = t
        .ledger
        .import_payments(&clerk(), &path, Default::default(), false)
        .unwrap();
    assert_eq!(s.added, 2);
    let (s, _) = t
        .ledger
        .import_payments(&clerk(), &path, Default::default(), false)
        .unwrap();
    assert_eq!((s.added, s.unchanged), (0, 2));
    let changed = t.file(
        "banco2.csv",
        b"cuenta;importe;fecha;referencia\n01-0001;99,00;05/04/2026;BN-1\n",
    );
    assert!(
        t.ledger
            .import_payments(&clerk(), &changed, Default::default(), false)
            .is_err()
    );
    // Reversed (the amount was wrong), its reference may be recorded again with the right one.
    let bn1 = t
        .ledger
        .payments_of("01-0001")
        .unwrap()
        .into_iter()
        .find(|p| p.reference.as_deref() == Some("BN-1"))
        .unwrap();
    t.ledger
        .reverse_payment(&clerk(), &bn1.number, "monto equivocado", day("2026-04-07"), None)
        .unwrap();
    let (s, _) = t
        .ledger
        .import_payments(&clerk(), &changed, Default::default(), false)
        .unwrap();
    assert_eq!(s.added, 1, "the corrected payment is recorded");
    // And now it is the live one: the same file again changes nothing, another amount is refused.
    let (s, _) = t
        .ledger
        .import_payments(&clerk(), &changed, Default::default(), false)
        .unwrap();
    assert_eq!((s.added, s.unchanged), (0, 1));
    assert!(
        t.ledger
            .import_payments(&clerk(), &path, Default::default(), false)
            .is_err(),
        "BN-1 at 82,70 differs from the live BN-1 at 99,00"
    );
}

#[test]
fn the_fund_is_credited_as_bills_are_paid_and_never_overspent() {
    let doc = SEDAPAL.replacen(
        "[categories.domestico]",
        "[fund]\npercent = \"0.05\"\npurposes = { subsidy = \"0.50\", environment = \"0.25\", hygiene = \"0.25\" }\n\n[categories.domestico]",
        1,
    );
    let mut t = Town::with_tariff(&doc);
    t.customers(&one_customer("01-0001", 5, 0));
    t.readings(&readings_csv(&[("01-0001", "2026-01", Some(30))]));
    t.issue("2026-01");
    let bill = t.bill("2026-01", "01-0001");
    assert_eq!(bill.fund_share, m("3.51"));
    let fund = |t: &Town| t.ledger.fund_balance(day("2026-04-30")).unwrap();
    assert_eq!(fund(&t).total, Money::ZERO, "nothing paid, nothing credited");
    // Half paid: half the share (1.755 → 1.76 on the whole paid amount).
    let half = Money::from_cents(bill.amount_due.cents() / 2);
    t.ledger
        .record_payment(&clerk(), "01-0001", half, day("2026-02-10"))
        .unwrap();
    let f = fund(&t);
    let total_half = f.total;
    assert!(total_half > Money::ZERO && total_half < m("3.51"));
    // Paid in full: exactly the share, split 50/25/25 with the remainder on the last purpose.
    t.ledger
        .record_payment(
            &clerk(),
            "01-0001",
            bill.amount_due.checked_sub(half).unwrap(),
            day("2026-02-11"),
        )
        .unwrap();
    let f = fund(&t);
    assert_eq!(f.total, m("3.51"));
    let by: Vec<(String, Money)> = f.purposes.iter().map(|p| (p.purpose.clone(), p.balance)).collect();
    assert_eq!(
        by,
        vec![
            ("environment".into(), m("0.88")),
            ("hygiene".into(), m("0.88")),
            ("subsidy".into(), m("1.75"))
        ]
    );
    // Spending beyond a purpose's balance is refused; within it, recorded and sealed.
    let spend = |amount: &str| FundSpending {
        purpose: "hygiene".into(),
        spent_on: day("2026-03-01"),
        amount: m(amount),
        description: "Jabón para la campaña de lavado de manos".into(),
        document: "Boleta 001-234".into(),
        approved_by: "Junta Vecinal, acta 12".into(),
    };
    // Spending the fund is the administrator's (DESIGN.md, roles): the clerk is refused.
    let refused = t.ledger.spend_fund(&clerk(), &spend("0.10")).unwrap_err();
    assert_eq!(refused.code(), "forbidden");
    let err = t.ledger.spend_fund(&admin(), &spend("0.89")).unwrap_err();
    assert!(
        err.message(Lang::En).contains("does not cover"),
        "{}",
        err.message(Lang::En)
    );
    t.ledger.spend_fund(&admin(), &spend("0.88")).unwrap();
    assert_eq!(fund(&t).purposes[1].balance, Money::ZERO);
    assert!(t.ledger.spend_fund(&admin(), &spend("0.01")).is_err());
    assert!(t.ledger.verify().unwrap().ok());
}

#[test]
fn verify_catches_an_edited_payment() {
    let mut t = three_bills();
    t.ledger
        .record_payment(&clerk(), "01-0001", m("50.00"), day("2026-04-05"))
        .unwrap();
    let db = rusqlite::Connection::open(t.dir.path().join("caudal.db")).unwrap();
    db.execute_batch("DROP TRIGGER payments_immutable_update; UPDATE payments SET amount = 5000000;")
        .unwrap();
    let report = t.ledger.verify().unwrap();
    assert_eq!(report.problems[0].reference, "R001-00000001");
}

#[test]
fn a_year_of_a_town_reconciles_to_the_centimo() {
    let dir = tempfile::tempdir().unwrap();
    let r = caudal_demo::build(dir.path(), 150, 12, |_| {}).unwrap();
    let ledger = super::common::opened(&r.ledger);
    assert!(ledger.verify().unwrap().ok());
    let db = rusqlite::Connection::open(&r.ledger).unwrap();
    let billed: i64 = db
        .query_row("SELECT sum(amount_due) FROM bills", [], |r| r.get(0))
        .unwrap();
    let collected: i64 = db
        .query_row("SELECT sum(amount) FROM payments", [], |r| r.get(0))
        .unwrap();
    // Outstanding from each account's statement (credits negative).
    let accounts: Vec<String> = db
        .prepare("SELECT account FROM connections")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let outstanding: i64 = accounts
        .iter()
        .map(|a| ledger.statement(a).unwrap().balance.cents())
        .sum();
    assert_eq!(billed, collected + outstanding, "billed = collected + outstanding");
    // The fund: what came in less what went out is the balance, purpose by purpose.
    let f = ledger.fund_balance(ledger.clock().today()).unwrap();
    let sum: i64 = f
        .purposes
        .iter()
        .map(|p| p.contributions.cents() - p.subsidies.cents() - p.spending.cents())
        .sum();
    assert_eq!(sum, f.total.cents());
    let subsidies: i64 = db
        .query_row("SELECT -sum(subsidy) FROM bills", [], |r| r.get(0))
        .unwrap();
    assert_eq!(f.purposes.iter().map(|p| p.subsidies.cents()).sum::<i64>(), subsidies);
}

#[test]
fn a_credit_note_reduces_a_bill_without_editing_it() {
    use caudal_core::notes::{NoteKind, NoteRequest};
    let doc = SEDAPAL.replacen(
        "[categories.domestico]",
        "[fund]\npercent = \"0.05\"\npurposes = { subsidy = \"0.50\", environment = \"0.25\", hygiene = \"0.25\" }\n\n[categories.domestico]",
        1,
    );
    let mut t = Town::with_tariff(&doc);
    t.customers(&one_customer("01-0001", 5, 0));
    t.readings(&readings_csv(&[("01-0001", "2026-01", Some(30))]));
    t.issue("2026-01");
    let bill = t.bill("2026-01", "01-0001");
    let req = NoteRequest {
        bill: bill.number.clone(),
        kind: NoteKind::Credit,
        reason: "Lectura mal digitada: eran 20 m³".into(),
        water: m("12.95"),
        sewer: m("5.86"),
        fixed: Money::ZERO,
        issued_on: Some(day("2026-02-05")),
    };
    let note = t.ledger.issue_note(&clerk(), &req).unwrap();
    // 18.81 of lines plus 18% IGV (3.3858 → 3.39): 22.20 off; fund share 5% of 18.81 = 0.94 off.
    assert_eq!(
        (note.number.as_str(), note.tax, note.total, note.fund_share),
        ("N001-00000001", m("3.39"), m("-22.20"), m("-0.94"))
    );
    assert_eq!(t.bill("2026-01", "01-0001"), bill, "the bill itself is unchanged");
    let owed = t.ledger.statement("01-0001").unwrap().balance;
    assert_eq!(owed, bill.amount_due.checked_add(note.total).unwrap());
    // Paying what is now owed settles the account and credits the fund its reduced share.
    t.ledger
        .record_payment(&clerk(), "01-0001", owed, day("2026-02-10"))
        .unwrap();
    assert_eq!(t.ledger.statement("01-0001").unwrap().balance, Money::ZERO);
    assert!(t.ledger.arrears(day("2026-06-01")).unwrap().is_empty());
    assert_eq!(
        t.ledger.fund_balance(day("2026-06-01")).unwrap().total,
        bill.fund_share.checked_add(note.fund_share).unwrap()
    );
    // A credit note cannot take off more than a line holds.
    let too_much = NoteRequest {
        water: m("40.00"),
        sewer: Money::ZERO,
        ..req.clone()
    };
    assert_eq!(
        t.ledger.issue_note(&clerk(), &too_much).unwrap_err().code(),
        "note_exceeds"
    );
    // The next bill starts from the corrected balance, and the chain covers the note.
    t.readings(&readings_csv(&[("01-0001", "2026-02", Some(50))]));
    t.issue("2026-02");
    assert_eq!(t.bill("2026-02", "01-0001").previous_balance, Money::ZERO);
    let db = rusqlite::Connection::open(t.dir.path().join("caudal.db")).unwrap();
    db.execute_batch("DROP TRIGGER notes_immutable_update; UPDATE notes SET total = -1;")
        .unwrap();
    assert_eq!(t.ledger.verify().unwrap().problems[0].reference, "N001-00000001");
}

#[test]
fn a_cut_connection_is_not_billed_and_reconnecting_it_costs_the_charge() {
    let mut t = three_bills();
    t.ledger.set_setting(&admin(), "reconnection_charge", "15.00").unwrap();
    assert!(t.ledger.set_setting(&admin(), "reconnection_charge", "-1").is_err());
    t.ledger
        .cut_service(&clerk(), "01-0001", day("2026-04-20"), "Dos recibos vencidos")
        .unwrap();
    assert_eq!(
        t.ledger.customer("01-0001").unwrap().unwrap().status,
        caudal_core::customers::Status::Cut
    );
    assert_eq!(t.issue("2026-04").issued, 0, "a cut connection is not billed");
    assert_eq!(
        t.ledger
            .cut_service(&clerk(), "01-0001", day("2026-04-21"), "otra vez")
            .unwrap_err()
            .code(),
        "conflict"
    );
    let before = t.ledger.statement("01-0001").unwrap().balance;
    let e = t
        .ledger
        .reconnect_service(&clerk(), "01-0001", day("2026-05-02"), "Pagó la deuda")
        .unwrap();
    assert_eq!(e.charge, m("15.00"));
    let st = t.ledger.statement("01-0001").unwrap();
    assert_eq!(st.balance, before.checked_add(m("15.00")).unwrap());
    assert!(st.lines.iter().any(|l| l.kind == "reconnect" && l.charge == m("15.00")));
    t.readings(&readings_csv(&[("01-0001", "2026-05", Some(120))]));
    t.issue("2026-05");
    assert_eq!(t.bill("2026-05", "01-0001").previous_balance, st.balance);
    assert!(t.ledger.verify().unwrap().ok());
}

/// A bank's `;`-separated collections file, as Excel saves it on a Spanish desktop, once had
/// every `.` deleted: `45.50` recorded as S/ 4,550.00. The separator says nothing about the
/// decimal mark; each amount is read as written, and an ambiguous one is refused.
#[test]
fn a_semicolon_bank_file_records_amounts_as_written() {
    let mut t = three_bills();
    let csv = "cuenta;importe;fecha;referencia\n\
        01-0001;45.50;05/04/2026;BN-1\n\
        01-0001;12.5;05/04/2026;BN-2\n\
        01-0001;S/ 45.50;05/04/2026;BN-3\n\
        01-0001; 45.5 ;05/04/2026;BN-4\n";
    let path = t.file("banco.csv", csv.as_bytes());
    let (s, _) = t
        .ledger
        .import_payments(&clerk(), &path, Default::default(), false)
        .unwrap();
    assert_eq!(s.added, 4);
    let mut amounts: Vec<Money> = t
        .ledger
        .payments_of("01-0001")
        .unwrap()
        .iter()
        .map(|p| p.amount)
        .collect();
    amounts.sort();
    assert_eq!(amounts, vec![m("12.50"), m("45.50"), m("45.50"), m("45.50")]);
    // `1,250` and `1.250` alone in their column: thousands or céntimos? Refused, nothing written.
    for amount in ["1,250", "1.250"] {
        let path = t.file(
            "banco2.csv",
            format!("cuenta;importe;fecha;referencia\n01-0001;{amount};06/04/2026;BN-9\n").as_bytes(),
        );
        let err = t
            .ledger
            .import_payments(&clerk(), &path, Default::default(), false)
            .unwrap_err();
        let msg = err.message(Lang::Es);
        assert!(
            msg.contains("fila 2, columna importe") && msg.contains("ambiguo"),
            "{amount}: {msg}"
        );
        assert_eq!(
            t.ledger.payments_of("01-0001").unwrap().len(),
            4,
            "{amount}: nothing written"
        );
    }
    // The column decides: beside `45,50`, `1.250` groups thousands.
    let path = t.file(
        "banco3.csv",
        b"cuenta;importe;fecha;referencia\n01-0001;1.250;06/04/2026;BN-10\n01-0001;45,50;06/04/2026;BN-11\n",
    );
    t.ledger
        .import_payments(&clerk(), &path, Default::default(), false)
        .unwrap();
    let p = t.ledger.payments_of("01-0001").unwrap();
    let bn10 = p.iter().find(|p| p.reference.as_deref() == Some("BN-10")).unwrap();
    assert_eq!(bn10.amount, m("1250.00"));
}

/// "Two or more overdue charges" was written three times; now one rule decides the
/// disconnection list, the report's arrears indicator and the cut under complaint, and the
/// report's money section says its own count is of accounts with anything overdue.
#[test]
fn one_rule_says_who_may_be_cut_and_the_report_names_each_count() {
    let mut t = Town::new();
    t.customers(&format!(
        "{}{}",
        one_customer("01-0001", 5, 0),
        one_customer("01-0002", 5, 0)
            .lines()
            .nth(1)
            .unwrap()
            .replace("M-1", "M-2")
    ));
    t.readings(&readings_csv(&[
        ("01-0001", "2026-01", Some(30)),
        ("01-0002", "2026-01", Some(30)),
        ("01-0001", "2026-02", Some(60)),
        ("01-0002", "2026-02", Some(60)),
        ("01-0001", "2026-03", Some(90)),
        ("01-0002", "2026-03", Some(90)),
    ]));
    for p in ["2026-01", "2026-02", "2026-03"] {
        t.issue(p);
    }
    // 01-0002 pays its first two bills: one charge overdue at the end of April; 01-0001 three.
    let bills = t.ledger.bills_of_account("01-0002").unwrap();
    let two = bills[0].amount_due.checked_add(bills[1].amount_due).unwrap();
    t.ledger
        .record_payment(&clerk(), "01-0002", two, day("2026-04-05"))
        .unwrap();
    let arrears = t.ledger.arrears(day("2026-04-30")).unwrap();
    assert_eq!(arrears.len(), 2);
    let cut = t.ledger.disconnection_list(day("2026-04-30")).unwrap();
    assert_eq!(
        cut.iter().map(|r| r.account.as_str()).collect::<Vec<_>>(),
        vec!["01-0001"]
    );
    let april = caudal_core::Period::new(2026, 4).unwrap();
    let report = t.ledger.ncb_report(april).unwrap();
    let indicator = report.this_month().iter().find(|i| i.code == "arrears").unwrap();
    assert_eq!(indicator.numerator.as_deref(), Some("1"), "{indicator:?}");
    assert_eq!(report.money.accounts_in_arrears, 2);
    let pdf = t.dir.path().join("informe.pdf");
    t.ledger.ncb_report_pdf(april, Lang::Es, &pdf).unwrap();
    let text = std::process::Command::new("pdftotext")
        .arg("-raw")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("2 cuentas con algún cargo vencido"), "{text}");
}

/// Re-importing a bank file after reversing a bounced payment recorded it again, and references
/// differing only in letter case were two payments. A reversed payment stays reversed; a
/// reference is one operation whatever its case.
#[test]
fn a_bounced_payment_stays_reversed_and_a_reference_has_no_case() {
    let mut t = three_bills();
    let csv = "cuenta,importe,fecha,referencia\n01-0001,50.00,05/04/2026,bn-77\n";
    let path = t.file("banco.csv", csv.as_bytes());
    t.ledger
        .import_payments(&clerk(), &path, Default::default(), false)
        .unwrap();
    let upper = t.file("banco-mayus.csv", csv.replace("bn-77", "BN-77 ").as_bytes());
    let (s, _) = t
        .ledger
        .import_payments(&clerk(), &upper, Default::default(), false)
        .unwrap();
    assert_eq!((s.added, s.unchanged), (0, 1), "BN-77 is bn-77");
    let paid = t.ledger.payments_of("01-0001").unwrap();
    assert_eq!(paid.len(), 1);
    t.ledger
        .reverse_payment(&clerk(), &paid[0].number, "cheque sin fondos", day("2026-04-07"), None)
        .unwrap();
    let (s, _) = t
        .ledger
        .import_payments(&clerk(), &path, Default::default(), false)
        .unwrap();
    assert_eq!(s.added, 0, "the bounced payment is not recorded again");
    assert!(s.warnings[0].reason.es.contains("sigue anulado"), "{:?}", s.warnings);
    let live: Vec<_> = t
        .ledger
        .payments_of("01-0001")
        .unwrap()
        .into_iter()
        .filter(|p| p.amount > Money::ZERO)
        .collect();
    assert_eq!(live.len(), 1, "only the reversed one");
    assert_eq!(t.ledger.statement("01-0001").unwrap().balance, {
        let bills = t.ledger.bills_of_account("01-0001").unwrap();
        Money::sum(bills.iter().map(|b| b.amount_due)).unwrap()
    });
}
