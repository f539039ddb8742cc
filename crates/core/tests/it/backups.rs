//! Backups and restore: a verified copy made through SQLite's backup API, automatic copies
//! thinned by day and month, a restore that verifies the copy before replacing anything and
//! keeps the replaced ledger, and refusals that leave the live ledger untouched.

use super::common::*;
use caudal_core::Ledger;
use caudal_core::ledger::backup::{BackupKind, backups_dir};

fn small_town() -> Town {
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 5, 0));
    t.readings(&readings_csv(&[("01-0001", "2026-01", Some(10))]));
    t.issue("2026-01");
    t
}

/// Closes the town's ledger file (a restore needs it closed), leaving an empty ledger in memory
/// in its place.
fn close_the_file(t: &mut Town) {
    let empty = Ledger::create_in_memory(
        &caudal_core::NewLedger {
            operator: "x".into(),
            town: "y".into(),
            series: "S001".into(),
        },
        &admin(),
    )
    .unwrap();
    drop(std::mem::replace(&mut t.ledger, empty));
}

#[test]
fn a_backup_is_verified_recorded_and_opens_as_the_same_ledger() {
    let mut t = small_town();
    let out = t.dir.path().join("usb").join("copia.db");
    let head = t.ledger.chain_head().unwrap();
    let r = t.ledger.backup_to(&clerk(), &out, BackupKind::Manual).unwrap();
    assert_eq!(r.chain_head, head);
    assert!(out.is_file());
    // One file: no write-ahead log beside it, and nothing half-written under a temporary name.
    let names: Vec<String> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["copia.db".to_string()]);
    let copy = super::common::opened(&out);
    assert_eq!(copy.chain_head().unwrap(), head);
    assert!(copy.verify().unwrap().ok());
    assert_eq!(t.ledger.backups().unwrap()[0].sha256, r.sha256);
    // A technician may not take the ledger away; the board neither.
    let tech = caudal_core::Actor::new("rosa", caudal_core::Role::Technician);
    assert_eq!(
        t.ledger.backup_to(&tech, &out, BackupKind::Manual).unwrap_err().code(),
        "forbidden"
    );
}

#[test]
fn automatic_backups_go_beside_the_ledger_and_to_the_second_folder() {
    let mut t = small_town();
    let usb = t.dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    t.ledger
        .set_setting(&admin(), "backup_folder", usb.to_str().unwrap())
        .unwrap();
    assert_eq!(
        t.ledger
            .set_setting(&admin(), "backup_folder", "relativa")
            .unwrap_err()
            .code(),
        "setting_value"
    );
    t.ledger.backup_before_issue(&clerk()).unwrap().unwrap();
    let dir = backups_dir(&t.dir.path().join("caudal.db"));
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    assert_eq!(std::fs::read_dir(&usb).unwrap().count(), 1);
    // The daily copy is taken once a day.
    assert!(
        t.ledger.daily_backup(&clerk()).unwrap().is_none(),
        "one was taken today"
    );
    // Nothing recorded since: the window closing takes no second copy of the same ledger.
    assert!(t.ledger.auto_backup(&clerk(), BackupKind::OnClose).unwrap().is_none());
    t.ledger.set_setting(&admin(), "ruc", "20123456789").unwrap();
    assert!(t.ledger.auto_backup(&clerk(), BackupKind::OnClose).unwrap().is_some());
    // A USB stick pulled out is no error.
    std::fs::remove_dir_all(&usb).unwrap();
    t.ledger.auto_backup(&clerk(), BackupKind::Manual).unwrap().unwrap();
}

#[test]
fn a_restore_verifies_first_keeps_the_replaced_ledger_and_refuses_what_is_not_a_ledger() {
    let mut t = small_town();
    let live = t.dir.path().join("caudal.db");
    let out = t.dir.path().join("antes.db");
    t.ledger.backup_to(&clerk(), &out, BackupKind::Manual).unwrap();
    let head_before = t.ledger.chain_head().unwrap();
    t.ledger
        .record_payment(
            &clerk(),
            "01-0001",
            caudal_core::Money::from_cents(500),
            chrono::NaiveDate::from_ymd_opt(2026, 2, 10).unwrap(),
        )
        .unwrap();
    let head_after = t.ledger.chain_head().unwrap();
    close_the_file(&mut t);

    // Not a ledger, a damaged copy, a newer version: refused, the live ledger untouched.
    let junk = t.file("fotos.db", b"esto no es una base de datos");
    let err = Ledger::restore(&live, &junk, &admin(), false).unwrap_err();
    assert!(err.message(caudal_core::Lang::Es).contains("no es un libro de Caudal"));
    let other = t.dir.path().join("otro.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE foo (x); INSERT INTO foo VALUES (1);")
        .unwrap();
    assert!(Ledger::restore(&live, &other, &admin(), false).is_err());
    let tampered = t.dir.path().join("alterada.db");
    std::fs::copy(&out, &tampered).unwrap();
    rusqlite::Connection::open(&tampered)
        .unwrap()
        .execute_batch("DROP TRIGGER bills_immutable_update; UPDATE bills SET amount_due = 1;")
        .unwrap();
    let err = Ledger::restore(&live, &tampered, &admin(), false).unwrap_err();
    assert!(
        err.message(caudal_core::Lang::En).contains("fails verification"),
        "{}",
        err.message(caudal_core::Lang::En)
    );
    let newer = t.dir.path().join("nueva.db");
    std::fs::copy(&out, &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    assert!(
        Ledger::restore(&live, &newer, &admin(), false)
            .unwrap_err()
            .message(caudal_core::Lang::En)
            .contains("newer Caudal")
    );
    assert_eq!(
        Ledger::restore(&live, &out, &clerk(), false).unwrap_err().code(),
        "forbidden"
    );
    assert_eq!(
        super::common::opened(&live).chain_head().unwrap(),
        head_after,
        "live ledger untouched"
    );

    let r = Ledger::restore(&live, &out, &admin(), false).unwrap();
    let restored = super::common::opened(&live);
    assert_eq!(restored.chain_head().unwrap(), head_before);
    assert!(restored.verify().unwrap().ok());
    let kept = super::common::opened(std::path::Path::new(&r.replaced_kept_at.unwrap()));
    assert_eq!(
        kept.chain_head().unwrap(),
        head_after,
        "the replaced ledger is kept whole"
    );
}

#[test]
fn a_ledger_is_backed_up_before_it_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger-v3.db");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ledger-v3.db"),
        &path,
    )
    .unwrap();
    let before = std::fs::read(&path).unwrap();
    super::common::opened(&path);
    let backups: Vec<_> = std::fs::read_dir(backups_dir(&path))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(backups.len(), 1);
    assert!(backups[0].to_string_lossy().contains("before_migration-v3"));
    let copy = rusqlite::Connection::open(&backups[0]).unwrap();
    let version: i64 = copy.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 3, "the copy is the ledger as it was");
    assert_eq!(std::fs::metadata(&backups[0]).unwrap().len(), before.len() as u64);
}

#[test]
fn a_backup_taken_while_a_run_is_issued_holds_the_whole_run_or_none_of_it() {
    let mut t = Town::new();
    let mut csv = HEADER.to_string();
    for i in 0..1500 {
        csv.push_str(&format!(
            "03-{i:04},Cliente {i},Av. Grau {i},Centro,domestico,no,,,,si,no\n"
        ));
    }
    t.customers(&csv);
    let path = t.dir.path().join("caudal.db");
    let out = t.dir.path().join("durante.db");
    let mut copier = None;
    let date = chrono::NaiveDate::from_ymd_opt(2026, 2, 3);
    let outcome = t
        .ledger
        .issue_run(&clerk(), p("2026-01"), date, |done, _| {
            if done >= 256 && copier.is_none() {
                let (path, out) = (path.clone(), out.clone());
                // Another connection copies the ledger while this run's transaction is open.
                copier = Some(std::thread::spawn(move || {
                    let mut other = super::common::opened(&path);
                    other.backup_to(&clerk(), &out, BackupKind::Manual).unwrap()
                }));
                std::thread::sleep(std::time::Duration::from_millis(400));
            }
            true
        })
        .unwrap();
    let record = copier.unwrap().join().unwrap();
    let copy = super::common::opened(&out);
    assert!(copy.verify().unwrap().ok());
    let bills = copy.bills(p("2026-01"), None).unwrap().len() as u64;
    assert!(
        bills == 0 || bills == outcome.issued,
        "{bills} of {} bills in the copy",
        outcome.issued
    );
    assert_eq!(record.chain_head, copy.chain_head().unwrap());
}

#[test]
fn a_damaged_ledger_is_named_and_the_newest_good_backup_offered() {
    let mut t = small_town();
    t.ledger.auto_backup(&clerk(), BackupKind::Manual).unwrap();
    let live = t.dir.path().join("caudal.db");
    assert!(
        caudal_core::records::damage(&live, true).unwrap().is_none(),
        "a sound ledger"
    );
    close_the_file(&mut t);
    // Checkpoint, then scribble over the pages past the header, as a failing disk would.
    rusqlite::Connection::open(&live)
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let mut bytes = std::fs::read(&live).unwrap();
    for b in bytes.iter_mut().skip(4096 * 3).step_by(7) {
        *b = 0x5a;
    }
    std::fs::write(&live, &bytes).unwrap();
    let d = caudal_core::records::damage(&live, true).unwrap().expect("damaged");
    assert!(
        d.reason.en.contains("damaged") || d.reason.en.contains("not"),
        "{:?}",
        d.reason
    );
    let backup = d.backup.expect("a good backup is offered");
    assert!(d.backup_taken.is_some());
    Ledger::restore(&live, std::path::Path::new(&backup), &admin(), false).unwrap();
    assert!(caudal_core::records::damage(&live, true).unwrap().is_none());
}

/// Two restores in the same second reused `<name>.replaced-<time>.db`: the first replaced
/// ledger, with the payments only it held, was gone. Same-second backups shared one file too.
/// Names never collide, and their times are the operator's local time.
#[test]
fn copies_made_in_the_same_second_never_share_a_file() {
    let mut t = small_town();
    let live = t.dir.path().join("caudal.db");
    let out = t.dir.path().join("antes.db");
    t.ledger.backup_to(&clerk(), &out, BackupKind::Manual).unwrap();
    let first = t.ledger.auto_backup(&clerk(), BackupKind::Manual).unwrap().unwrap();
    let second = t.ledger.auto_backup(&clerk(), BackupKind::Manual).unwrap().unwrap();
    assert_ne!(first.path, second.path);
    assert!(std::path::Path::new(&first.path).is_file() && std::path::Path::new(&second.path).is_file());
    let local = t.ledger.clock().now_local().format("%Y-%m-%d").to_string();
    assert!(first.path.contains(&format!("caudal-{local}-")), "{}", first.path);
    close_the_file(&mut t);
    let a = Ledger::restore(&live, &out, &admin(), false).unwrap();
    let b = Ledger::restore(&live, &out, &admin(), false).unwrap();
    let (a, b) = (a.replaced_kept_at.unwrap(), b.replaced_kept_at.unwrap());
    assert_ne!(a, b, "the first replaced ledger is kept");
    assert!(std::path::Path::new(&a).is_file() && std::path::Path::new(&b).is_file());
}

/// Before replacing, a restore says what the copy lacks (its receipt numbers would be issued
/// again, to other customers), refuses another town's ledger unless told, and a damaged ledger
/// is restored only from its own copies, by an administrator of the copy, audited as such.
#[test]
fn a_restore_says_what_is_lost_and_takes_only_this_towns_copies() {
    let mut t = small_town();
    let live = t.dir.path().join("caudal.db");
    let password = "una clave larga";
    t.ledger
        .create_user(
            None,
            &caudal_core::users::NewUser {
                name: "gerente".into(),
                full_name: String::new(),
                role: caudal_core::Role::Admin,
                password: password.into(),
            },
        )
        .unwrap();
    let own = t.ledger.auto_backup(&admin(), BackupKind::Manual).unwrap().unwrap();
    let own = std::path::PathBuf::from(own.path);
    let elsewhere = t.dir.path().join("antes.db");
    std::fs::copy(&own, &elsewhere).unwrap();
    let paid = t
        .ledger
        .record_payment(
            &clerk(),
            "01-0001",
            caudal_core::Money::from_cents(500),
            chrono::NaiveDate::from_ymd_opt(2026, 2, 10).unwrap(),
        )
        .unwrap();
    // A name changed in the settings since the copy does not make it another ledger.
    t.ledger
        .set_setting(&admin(), "operator", "Operador Renombrado S.A.C.")
        .unwrap();
    close_the_file(&mut t);

    let preview = caudal_core::ledger::backup::restore_preview(&live, &own).unwrap();
    assert_eq!(preview.same_ledger, Some(true));
    let receipts = preview.series.iter().find(|s| s.kind == "receipt").unwrap();
    assert_eq!(
        (receipts.lost, receipts.in_use.as_deref(), receipts.in_copy.as_deref()),
        (1, Some(paid.payment.number.as_str()), None)
    );
    let bills = preview.series.iter().find(|s| s.kind == "bill").unwrap();
    assert_eq!(bills.lost, 0);
    let said = preview.losses.clone();
    assert_eq!(said.len(), 1);
    assert!(
        said[0]
            .es
            .starts_with("comprobantes de pago: se perdería 1, hasta el R001-"),
        "{}",
        said[0].es
    );

    // Another town's ledger: refused unless told, the live ledger untouched.
    let other = t.dir.path().join("otro-pueblo.db");
    let setup = caudal_core::NewLedger {
        operator: "Otro Operador".into(),
        town: "Otro Pueblo".into(),
        series: "S001".into(),
    };
    drop(Ledger::create(&other, &setup, &admin()).unwrap());
    let e = Ledger::restore(&live, &other, &admin(), false).unwrap_err();
    assert_eq!(e.code(), "other_ledger", "{e}");
    assert!(
        e.message(caudal_core::Lang::Es)
            .contains("Otro Operador en Otro Pueblo")
    );
    // A ledger made anew under this town's very names is another ledger too.
    let twin = t.dir.path().join("mismo-nombre.db");
    let same_names = caudal_core::NewLedger {
        operator: "Operador Prueba S.A.C.".into(),
        town: "Villa Prueba".into(),
        series: "S001".into(),
    };
    drop(Ledger::create(&twin, &same_names, &admin()).unwrap());
    let twin_preview = caudal_core::ledger::backup::restore_preview(&live, &twin).unwrap();
    assert_eq!(twin_preview.same_ledger, Some(false));

    // The damaged-ledger restore: only this ledger's own copies, by an administrator of the copy.
    let e = Ledger::restore_damaged(&live, &elsewhere, "gerente", password).unwrap_err();
    assert_eq!(e.code(), "forbidden", "a copy outside the backups folder: {e}");
    let e = Ledger::restore_damaged(&live, &own, "gerente", "otra clave").unwrap_err();
    assert_eq!(e.code(), "forbidden", "a wrong password: {e}");
    let e = Ledger::restore_damaged(&live, &own, "nadie", password).unwrap_err();
    assert_eq!(e.code(), "forbidden", "a name that is no user of the copy: {e}");
    let done = Ledger::restore_damaged(&live, &own, "gerente", password).unwrap();
    assert_eq!(done.preview.series.iter().map(|s| s.lost).sum::<u64>(), 1);
    let restored = super::common::opened(&live);
    let last = &restored.audit_tail(1).unwrap()[0];
    assert_eq!(
        (last.actor.as_str(), last.action.as_str()),
        ("gerente", "restore.damaged")
    );
    assert!(last.detail.contains("lost=receipt:1"), "{}", last.detail);
}
