//! The ledger's promises: issued means immutable, edits behind Caudal's back are caught by
//! `verify`, a newer ledger is refused untouched, every write is attributed.

use super::common::*;
use caudal_core::{Lang, Ledger, NewLedger};

fn billed_town() -> Town {
    let mut t = Town::new();
    t.customers(&format!(
        "{}01-0002,Luis Rojas,Jr. Junín 5,Centro,domestico,si,M-2,5,0,si,no\n",
        one_customer("01-0001", 5, 0)
    ));
    t.readings(&readings_csv(&[
        ("01-0001", "2026-01", Some(30)),
        ("01-0002", "2026-01", Some(12)),
    ]));
    t.issue("2026-01");
    t
}

fn raw(t: &Town) -> rusqlite::Connection {
    rusqlite::Connection::open(t.dir.path().join("caudal.db")).unwrap()
}

#[test]
fn an_issued_bill_cannot_be_edited_through_sql() {
    let t = billed_town();
    let err = raw(&t)
        .execute("UPDATE bills SET amount_due = 100 WHERE number = 'S001-00000001'", [])
        .unwrap_err();
    assert!(err.to_string().contains("immutable"));
    assert!(raw(&t).execute("DELETE FROM bills", []).is_err());
}

#[test]
fn verify_names_the_first_bill_edited_behind_its_back() {
    let t = billed_town();
    assert!(t.ledger.verify().unwrap().ok());
    let db = raw(&t);
    // Someone determined drops the guard and lowers a bill.
    db.execute_batch(
        "DROP TRIGGER bills_immutable_update; UPDATE bills SET amount_due = 100 WHERE number = 'S001-00000002';",
    )
    .unwrap();
    let report = t.ledger.verify().unwrap();
    assert!(!report.ok());
    let first = &report.problems[0];
    assert_eq!(first.reference, "S001-00000002");
    assert!(first.reason.get(Lang::En).contains("modified"));
}

#[test]
fn verify_catches_deleted_and_smuggled_bills_and_gaps() {
    let t = billed_town();
    let db = raw(&t);
    db.execute_batch(
        "DROP TRIGGER bills_immutable_delete; DROP TRIGGER bill_terms_immutable_delete;
         DELETE FROM bill_terms WHERE bill_id = 1; DELETE FROM bills WHERE number = 'S001-00000001';",
    )
    .unwrap();
    let report = t.ledger.verify().unwrap();
    assert!(
        report.problems[0].reason.en.contains("deleted"),
        "{:?}",
        report.problems
    );

    let t = billed_town();
    let db = raw(&t);
    // A bill inserted without a link in the chain.
    db.execute_batch(
        "INSERT INTO bills SELECT 3, 'S001-00000003', connection_id, account, holder, address, '2026-02', issued_on, due_on,
         tariff_id, category, basis, meter_serial, prev_reading, curr_reading, consumption_m3, billed_m3, water, sewer, fixed,
         subsidy, subtotal, tax, month_total, rounding_prev, rounding_curr, amount_due, previous_balance, total_to_pay,
         fund_share, issued_by FROM bills WHERE id = 1;",
    )
    .unwrap();
    let report = t.ledger.verify().unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.reason.en.contains("3 «bill» records but 2 in the chain")),
        "{:?}",
        report.problems
    );
}

#[test]
fn a_ledger_from_a_newer_caudal_is_refused_untouched() {
    let t = billed_town();
    let path = t.dir.path().join("caudal.db");
    drop(t.ledger);
    raw_path(&path).pragma_update(None, "user_version", 99).unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Ledger::open(&path).err().unwrap();
    assert_eq!(err.code(), "ledger");
    assert!(err.message(Lang::Es).contains("versión más nueva"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

fn raw_path(path: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

#[test]
fn files_that_are_not_ledgers() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.db");
    std::fs::write(
        &junk,
        b"this is a spreadsheet, not a ledger, and it is long enough to be read",
    )
    .unwrap();
    assert_eq!(Ledger::open(&junk).err().unwrap().code(), "ledger");
    assert_eq!(
        Ledger::open(&dir.path().join("none.db")).err().unwrap().code(),
        "ledger"
    );
    let setup = NewLedger {
        operator: "Op".into(),
        town: "Town".into(),
        series: "S001".into(),
    };
    let path = dir.path().join("caudal.db");
    Ledger::create(&path, &setup, &admin()).unwrap();
    let err = Ledger::create(&path, &setup, &admin()).err().unwrap();
    assert!(err.message(Lang::En).contains("already exists"));
    let bad_series = NewLedger {
        series: "S-1 ".into(),
        ..setup
    };
    assert_eq!(
        Ledger::create(&dir.path().join("b.db"), &bad_series, &admin())
            .err()
            .unwrap()
            .code(),
        "series"
    );
}

#[test]
fn every_write_is_attributed() {
    let t = billed_town();
    let log = t.ledger.audit_tail(10).unwrap();
    let actions: Vec<(&str, &str)> = log.iter().map(|e| (e.action.as_str(), e.actor.as_str())).collect();
    assert_eq!(actions[0], ("billing.issue", "ana"));
    assert!(actions.contains(&("readings.enter", "ana")));
    assert!(actions.contains(&("customers.import", "ana")));
    assert!(actions.contains(&("tariff.import", "gerente")));
    assert!(log[0].detail.contains("first=S001-00000001 last=S001-00000002"));
    assert!(log[0].at.ends_with("-05:00"), "local Lima time: {}", log[0].at);
}

#[test]
fn bills_csv_has_the_contract_header_and_plain_amounts() {
    let t = billed_town();
    let out = t.dir.path().join("bills.csv");
    assert_eq!(t.ledger.export_bills(p("2026-01"), &out).unwrap(), 2);
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "number,account,period,issued_on,due_on,category,basis,consumption_m3,billed_m3,water,sewer,fixed,subsidy,subtotal,tax,month_total,rounding_prev,rounding_curr,amount_due,previous_balance,total_to_pay,fund_share"
    );
    assert_eq!(
        lines.next().unwrap(),
        "S001-00000001,01-0001,2026-01,2026-02-03,2026-02-18,domestico,measured,30,30,44.91,20.30,4.89,0.00,70.10,12.62,82.72,0.00,-0.02,82.70,0.00,82.70,0.00"
    );
}

#[test]
fn operator_settings_are_checked_and_read_back() {
    let mut t = Town::new();
    let s = t.ledger.operator_settings().unwrap();
    assert_eq!(
        (s.operator.as_str(), s.receipt_format.as_str()),
        ("Operador Prueba S.A.C.", "a6")
    );
    assert!(s.logo_png_base64.is_none());
    for (key, value) in [
        ("ruc", "2012345678"),
        ("ruc", "2012345678X"),
        ("operator_code", "OP SM"),
        ("town_code", ""),
        ("operator", "  "),
        ("receipt_format", "a4"),
        ("delivery_timeout_seconds", "0"),
    ] {
        let e = t.ledger.set_setting(&admin(), key, value).unwrap_err();
        assert_eq!(e.code(), "setting_value", "{key}={value}");
    }
    assert_eq!(
        t.ledger.set_setting(&clerk(), "ruc", "20123456789").unwrap_err().code(),
        "forbidden"
    );
    t.ledger.set_setting(&admin(), "ruc", "20123456789").unwrap();
    t.ledger.set_setting(&admin(), "receipt_format", "roll80").unwrap();
    t.ledger.set_setting(&admin(), "operator_code", "OPSM").unwrap();
    let s = t.ledger.operator_settings().unwrap();
    assert_eq!(
        (s.ruc.as_str(), s.receipt_format.as_str(), s.operator_code.as_str()),
        ("20123456789", "roll80", "OPSM")
    );
}

#[test]
fn another_programs_database_is_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("otro.db");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE foo (x); INSERT INTO foo VALUES (1);")
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = caudal_core::Ledger::open(&path).err().unwrap();
    assert!(err.message(caudal_core::Lang::Es).contains("no es un libro de Caudal"));
    assert_eq!(std::fs::read(&path).unwrap(), before, "not a byte changed");
    assert!(
        !dir.path().join("otro.db-wal").exists(),
        "no write-ahead log given to it"
    );
}
