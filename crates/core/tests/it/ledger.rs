//! The ledger's promises: issued means immutable, edits behind Caudal's back are caught by
//! `verify`, a newer ledger is refused untouched, every write is attributed.

use super::common::*;
use caudal_core::{Lang, Ledger, Money, NewLedger};

pub(super) fn billed_town() -> Town {
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

pub(super) fn raw(t: &Town) -> rusqlite::Connection {
    rusqlite::Connection::open(t.dir.path().join("caudal.db")).unwrap()
}

/// What someone with `sqlite3` does: drops the guard and lowers a bill to S/ 1.00.
fn lower_a_bill_behind_its_back(t: &Town, number: &str) {
    raw(t)
        .execute_batch(&format!(
            "DROP TRIGGER bills_immutable_update; UPDATE bills SET amount_due = 100 WHERE number = '{number}';"
        ))
        .unwrap();
}

/// The bills' update guard, dropped for an edit, created again exactly as the schema has it.
fn put_the_guard_back(t: &Town) {
    raw(t)
        .execute_batch(
            "CREATE TRIGGER bills_immutable_update BEFORE UPDATE ON bills
BEGIN SELECT RAISE(ABORT, 'issued bills are immutable'); END;",
        )
        .unwrap();
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
    // Someone determined drops the guard and lowers a bill.
    lower_a_bill_behind_its_back(&t, "S001-00000002");
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
        report.problems.iter().any(|p| p.reference == "S001-00000003"
            && p.reason.en.contains("not sealed in the chain (added outside Caudal)")),
        "{:?}",
        report.problems
    );
}

/// A town checked in full (the check sealed), then billed for another month.
fn checked_then_billed() -> Town {
    let mut t = billed_town();
    let whole = t.ledger.check(&admin()).unwrap();
    assert!(whole.ok() && whole.since.is_none() && whole.integrity.as_deref() == Some("ok"));
    t.readings(&readings_csv(&[
        ("01-0001", "2026-02", Some(41)),
        ("01-0002", "2026-02", Some(20)),
    ]));
    t.issue("2026-02");
    t
}

#[test]
fn a_quick_check_starts_from_the_last_whole_one_and_reads_only_what_came_after() {
    let t = checked_then_billed();
    let quick = t.ledger.verify_quick().unwrap();
    assert!(quick.ok(), "{:?}", quick.problems);
    let basis = quick.since.as_ref().expect("a sealed check to start from");
    // After the check: its own seal and February's two bills, re-read; before it, January's
    // two bills and the sealed state (tariff, meters, settings, series), not.
    assert_eq!(basis.rechecked, 3);
    assert_eq!(quick.links, basis.through + 3);
    assert!(basis.through > 2);
    assert_eq!(quick.head, t.ledger.chain_head().unwrap());
    assert!(
        quick.integrity.is_none(),
        "the quick check does not run SQLite's own check"
    );
    // The whole check agrees, and reads everything.
    let whole = t.ledger.verify().unwrap();
    assert!(whole.ok());
    assert_eq!((whole.links, whole.head.as_str()), (quick.links, quick.head.as_str()));
}

#[test]
fn a_quick_check_names_a_record_changed_after_the_last_whole_check() {
    let t = checked_then_billed();
    lower_a_bill_behind_its_back(&t, "S001-00000004");
    let quick = t.ledger.verify_quick().unwrap();
    assert!(!quick.ok());
    assert_eq!(quick.problems[0].reference, "S001-00000004");
    assert!(quick.problems[0].reason.en.contains("modified"));
}

#[test]
fn a_quick_check_sees_records_added_or_removed_anywhere_but_not_an_older_edit() {
    // A bill deleted from before the check: the count no longer matches the links.
    let t = checked_then_billed();
    raw(&t)
        .execute_batch(
            "DROP TRIGGER bills_immutable_delete; DROP TRIGGER bill_terms_immutable_delete;
             DELETE FROM bill_terms WHERE bill_id = 1; DELETE FROM bills WHERE id = 1;",
        )
        .unwrap();
    let quick = t.ledger.verify_quick().unwrap();
    assert!(
        quick
            .problems
            .iter()
            .any(|p| p.reason.en.contains("3 «bill» records but 4 in the chain")),
        "{:?}",
        quick.problems
    );

    // An edit of a record sealed before the check is past what a quick check re-reads: it
    // sees the guard that had to be removed for it, and once the guard is put back, only the
    // next whole check names the record (README, "Whole and quick checks").
    let t = checked_then_billed();
    lower_a_bill_behind_its_back(&t, "S001-00000001");
    let quick = t.ledger.verify_quick().unwrap();
    assert!(
        quick.problems.iter().all(|p| p.kind == "schema") && !quick.ok(),
        "{:?}",
        quick.problems
    );
    put_the_guard_back(&t);
    assert!(t.ledger.verify_quick().unwrap().ok());
    let whole = t.ledger.verify().unwrap();
    assert_eq!(whole.problems[0].reference, "S001-00000001");
}

#[test]
fn a_check_written_by_hand_or_a_rewritten_chain_vouches_for_nothing() {
    // A check row added with sqlite3, claiming the whole chain up to its head was checked.
    let t = checked_then_billed();
    let db = raw(&t);
    db.execute_batch(
        "INSERT INTO ledger_checks (checked_at, through_seq, through_hash, links)
         SELECT '2026-12-01T10:00:00-05:00', seq, hash, '{\"bill\":4,\"ledger_check\":1}' FROM chain ORDER BY seq DESC LIMIT 1;",
    )
    .unwrap();
    let quick = t.ledger.verify_quick().unwrap();
    assert!(
        quick
            .problems
            .iter()
            .any(|p| p.reason.es.contains("no está sellada en la cadena") && p.reason.es.contains("01/12/2026 10:00")),
        "{:?}",
        quick.problems
    );

    // The link the last check ended at, rewritten.
    let t = checked_then_billed();
    raw(&t)
        .execute_batch(
            "DROP TRIGGER chain_immutable_update;
             UPDATE chain SET hash = 'x' || substr(hash, 2) WHERE seq = (SELECT through_seq FROM ledger_checks);",
        )
        .unwrap();
    let quick = t.ledger.verify_quick().unwrap();
    assert!(
        quick.problems[0]
            .reason
            .en
            .contains("the chain was rewritten since the whole check of"),
        "{:?}",
        quick.problems
    );
}

#[test]
fn a_whole_check_that_finds_damage_seals_nothing() {
    let mut t = billed_town();
    lower_a_bill_behind_its_back(&t, "S001-00000002");
    let head = t.ledger.chain_head().unwrap();
    assert!(!t.ledger.check(&admin()).unwrap().ok());
    assert_eq!(t.ledger.chain_head().unwrap(), head, "nothing sealed");
    // Without a sealed check, the quick check is a whole one, and finds the same.
    let quick = t.ledger.verify_quick().unwrap();
    assert!(quick.since.is_none() && !quick.ok());
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

pub(super) fn raw_path(path: &std::path::Path) -> rusqlite::Connection {
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

#[test]
fn verify_names_every_record_edited_not_only_the_first() {
    let t = billed_town();
    raw(&t)
        .execute_batch(
            "DROP TRIGGER bills_immutable_update;
             UPDATE bills SET amount_due = 100 WHERE number IN ('S001-00000001', 'S001-00000002');",
        )
        .unwrap();
    let report = t.ledger.verify().unwrap();
    let named: Vec<&str> = report
        .problems
        .iter()
        .filter(|p| p.reason.en.contains("modified"))
        .map(|p| p.reference.as_str())
        .collect();
    assert_eq!(named, ["S001-00000001", "S001-00000002"], "{:?}", report.problems);
}

#[test]
fn verify_names_a_guard_removed_even_with_no_edit_yet() {
    let t = billed_town();
    raw(&t).execute_batch("DROP TRIGGER bills_immutable_update;").unwrap();
    for report in [t.ledger.verify().unwrap(), t.ledger.verify_quick().unwrap()] {
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.kind == "schema" && p.reason.es.contains("se quitó la protección «bills_immutable_update»")),
            "{:?}",
            report.problems
        );
    }
    // A guard put back as it was is the guard: nothing to say.
    put_the_guard_back(&t);
    assert!(t.ledger.verify().unwrap().ok());
}

#[test]
fn a_history_cut_after_a_bundle_or_a_backup_recorded_its_head_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, period) = super::bundle::demo_with_key(dir.path());
    ledger.create_bundle(&admin(), period, super::bundle::PASS).unwrap();
    let db = ledger.path().unwrap().to_path_buf();
    ledger
        .backup_to(
            &admin(),
            &dir.path().join("copia.db"),
            caudal_core::ledger::backup::BackupKind::Manual,
        )
        .unwrap();
    assert!(ledger.verify().unwrap().ok());
    // The last link and its record go, and the counter steps back: the chain, the counts and
    // the numbering all still agree with each other.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (kind, id): (String, i64) = conn
        .query_row("SELECT kind, record_id FROM chain ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let table = match kind.as_str() {
        "month_close" => "closed_months",
        "bill" => "bills",
        "payment" => "payments",
        other => panic!("a last link of kind {other}"),
    };
    conn.execute_batch(&format!(
        "DROP TRIGGER chain_immutable_delete; DROP TRIGGER {table}_immutable_delete;
         DELETE FROM chain WHERE seq = (SELECT max(seq) FROM chain); DELETE FROM {table} WHERE rowid = {id};"
    ))
    .unwrap();
    let report = ledger.verify().unwrap();
    let kinds: Vec<&str> = report.problems.iter().map(|p| p.kind.as_str()).collect();
    assert!(kinds.contains(&"bundle"), "{:?}", report.problems);
    assert!(kinds.contains(&"backup"), "{:?}", report.problems);
    let bundle = report.problems.iter().find(|p| p.kind == "bundle").unwrap();
    assert!(
        bundle.reference.contains(&period.to_string()),
        "the bundle named: {}",
        bundle.reference
    );
}

/// A connection's status Caudal never writes was read as "active", and billed: now it is said
/// to be a ledger changed outside Caudal, in the clerk's language.
#[test]
fn an_unknown_stored_status_is_an_error_not_active() {
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 5, 0));
    let db = rusqlite::Connection::open(t.dir.path().join("caudal.db")).unwrap();
    db.execute_batch("PRAGMA ignore_check_constraints = ON; UPDATE connections SET status = 'borrado';")
        .unwrap();
    let e = t.ledger.customer("01-0001").unwrap_err();
    assert!(
        e.message(Lang::Es)
            .contains("El libro guarda «borrado» como estado de una conexión, un valor que Caudal no escribe"),
        "{}",
        e.message(Lang::Es)
    );
    assert!(t.ledger.search_customers("", 10).is_err());
}

/// What someone with `sqlite3` does to the ledger, each thing `ledger verify` used to call
/// "Libro íntegro" after: every one is now refused by the schema or named, all in one report.
#[test]
fn verify_names_every_record_changed_behind_its_back() {
    let mut t = billed_town();
    t.ledger
        .record_payment(&clerk(), "01-0001", Money::from_cents(1000), t.ledger.clock().today())
        .unwrap();
    t.ledger.set_setting(&admin(), "ruc", "20123456789").unwrap();
    assert!(t.ledger.verify().unwrap().ok());
    let db = raw(&t);
    // A reading a bill used is refused by the schema itself.
    let refused = db
        .execute("UPDATE readings SET reading = 999 WHERE period = '2026-01'", [])
        .unwrap_err();
    assert!(refused.to_string().contains("immutable"), "{refused}");
    db.execute_batch(
        "DROP TRIGGER audit_immutable_update; DROP TRIGGER audit_immutable_delete;
         UPDATE audit_log SET actor = 'nadie' WHERE id = 2;
         DELETE FROM audit_log WHERE id = 3;
         UPDATE tariffs SET document = replace(document, '1.116', '0.116');
         DROP TRIGGER readings_used_immutable;
         UPDATE readings SET reading = 999 WHERE period = '2026-01'
            AND connection_id = (SELECT id FROM connections WHERE account = '01-0001');
         UPDATE meters SET initial_reading = 7 WHERE serial = 'M-2';
         UPDATE settings SET value = '20999999999' WHERE key = 'ruc';
         UPDATE series SET code = 'S999' WHERE kind = 'bill';
         INSERT INTO payments (number, connection_id, account, paid_on, amount, channel, recorded_by, recorded_at)
           SELECT 'R001-00000099', connection_id, account, paid_on, 50000, channel, recorded_by, recorded_at
             FROM payments WHERE id = 1;",
    )
    .unwrap();
    drop(db);
    let report = t.ledger.verify().unwrap();
    let named = |kind: &str, reference: &str, reason: &str| {
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.kind == kind && p.reference.contains(reference) && p.reason.en.contains(reason)),
            "{kind} {reference} «{reason}» not named in {:#?}",
            report.problems
        );
    };
    named("audit", "#2", "changed outside Caudal");
    named("audit", "#4", "entries 3 to 3 are missing");
    named("tariff", "2026-01", "changed outside Caudal");
    named(
        "reading",
        "01-0001 2026-01",
        "bill S001-00000001 was issued on the reading 30",
    );
    named("meter", "M-2 (01-0002)", "changed outside Caudal");
    named("settings", "", "changed outside Caudal");
    named("series", "", "changed outside Caudal");
    named("payment", "R001-00000099", "not sealed in the chain");
    named("schema", "", "readings_used_immutable");
    // Each is said once, in words: "Problema en tarifa 2026-01: …".
    assert_eq!(
        caudal_core::records::record_word("tariff", caudal_core::Lang::Es),
        "tarifa"
    );
}

/// A record's fields are sealed unambiguously: with fields joined by `|`, a holder named
/// "Comedor|Santa Rosa" at "Jr. Lima" sealed the same text as "Comedor" at "Santa Rosa|Jr.
/// Lima", so moving words from one field to the other went unseen.
#[test]
fn moving_text_between_fields_of_a_sealed_record_is_named() {
    let mut t = Town::new();
    t.customers(&format!(
        "{HEADER}01-0001,Comedor|Santa Rosa,Jr. Lima,Centro,domestico,si,M-1,5,0,si,no\n"
    ));
    t.readings(&readings_csv(&[("01-0001", "2026-01", Some(30))]));
    t.issue("2026-01");
    assert!(t.ledger.verify().unwrap().ok());
    raw(&t)
        .execute_batch(
            "DROP TRIGGER bills_immutable_update;
             UPDATE bills SET holder = 'Comedor', address = 'Santa Rosa|Jr. Lima';",
        )
        .unwrap();
    let report = t.ledger.verify().unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.reference == "S001-00000001" && p.reason.en.contains("was modified")),
        "{:?}",
        report.problems
    );
}

/// Stored values read with a silent default once: a bad time offset was read as Lima's (every
/// date written then off by hours) and a negative schema version skipped every migration. Both
/// are now refused at opening, saying the file was changed outside Caudal.
#[test]
fn a_bad_offset_or_version_stored_is_refused_not_defaulted() {
    let t = Town::new();
    let path = t.dir.path().join("caudal.db");
    let db = rusqlite::Connection::open(&path).unwrap();
    db.execute_batch("UPDATE settings SET value = 'lima' WHERE key = 'utc_offset_minutes';")
        .unwrap();
    if db.changes() == 0 {
        db.execute_batch("INSERT INTO settings (key, value) VALUES ('utc_offset_minutes', 'lima');")
            .unwrap();
    }
    let e = Ledger::open(&path).err().unwrap();
    assert!(
        e.message(Lang::En).contains("local time setting («lima»)"),
        "{}",
        e.message(Lang::En)
    );
    db.execute_batch("UPDATE settings SET value = '-300' WHERE key = 'utc_offset_minutes';")
        .unwrap();
    assert!(Ledger::open(&path).is_ok());
    db.pragma_update(None, "user_version", -3).unwrap();
    let e = Ledger::open(&path).err().unwrap();
    assert!(e.message(Lang::En).contains("version (-3)"), "{}", e.message(Lang::En));
}
