//! Two writers on one file (the window and the command line share it): every check that
//! decides a write is read inside that write. Another connection holds the write lock having
//! already made the conflicting change; the call under test starts meanwhile, and the other
//! commits only after it has had every chance to read outside its write. A check read
//! outside would decide on the state before the change.

use super::common::{HEADER, Town, admin};
use caudal_core::users::NewUser;
use caudal_core::{Actor, Ledger, Role};
use std::path::Path;
use std::time::Duration;

/// Runs `call` on its own handle of the ledger at `path` while another connection holds the
/// write lock with `change` made; the change is committed 400 ms after `call` starts.
fn while_another_writes<T: Send>(path: &Path, change: &str, call: impl FnOnce(&mut Ledger) -> T + Send) -> T {
    let mut ledger = super::common::opened(path);
    let other = rusqlite::Connection::open(path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE;").unwrap();
    other.execute_batch(change).unwrap();
    std::thread::scope(|s| {
        let running = s.spawn(|| call(&mut ledger));
        std::thread::sleep(Duration::from_millis(400));
        assert!(
            !running.is_finished(),
            "the call decided before the other writer committed: it read outside its write"
        );
        other.execute_batch("COMMIT;").unwrap();
        running.join().unwrap()
    })
}

fn tech() -> Actor {
    Actor::new("tecnico", Role::Technician)
}

#[test]
fn an_interruption_ended_meanwhile_is_said_ended_not_a_constraint() {
    let mut t = Town::new();
    t.customers(&format!(
        "{HEADER}01-0001,Rosa Quispe,Jr. Grau 1,Centro,domestico,si,M-1,5,0,si,no\n"
    ));
    let f = t.file("sectors.csv", b"sector,name,hours_per_day\nCentro,Centro,24\n");
    t.ledger
        .import_sectors(&admin(), &f, caudal_core::import::ImportOptions::default(), false)
        .unwrap();
    let open = t
        .ledger
        .start_interruption(&tech(), &["Centro".into()], "2026-10-31 12:00", "unplanned", "Fuga", 0)
        .unwrap();
    let path = t.dir.path().join("caudal.db");
    let ended = format!(
        "INSERT INTO interruption_ends (interruption_id, end_at, recorded_by) VALUES ({}, '2026-10-31 14:00', 'otro')",
        open.id
    );
    let e = while_another_writes(&path, &ended, |l| {
        l.end_interruption(&tech(), open.id, "2026-10-31 15:00")
    })
    .unwrap_err();
    assert_eq!(e.code(), "conflict", "{e}");
    assert!(!e.to_string().contains("UNIQUE"), "{e}");
}

#[test]
fn a_signing_key_made_meanwhile_is_not_replaced_unasked() {
    let t = Town::new();
    let path = t.dir.path().join("caudal.db");
    let made = "INSERT INTO settings (key, value) VALUES ('signing_public_key', 'made by the other window'),
                ('signing_secret_key', 'made by the other window')";
    let e = while_another_writes(&path, made, |l| {
        l.generate_key(&admin(), "frase de paso de prueba", false)
    })
    .unwrap_err();
    assert_eq!(e.code(), "conflict", "{e}");
    let kept: String = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("SELECT value FROM settings WHERE key = 'signing_public_key'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(kept, "made by the other window");
}

#[test]
fn a_first_user_added_meanwhile_makes_the_next_need_an_administrator() {
    let t = Town::new();
    let path = t.dir.path().join("caudal.db");
    let first = "INSERT INTO users (name, full_name, role, password_hash, created_at)
                 VALUES ('gerente', '', 'admin', NULL, '2026-12-01 08:00:00')";
    let second = NewUser {
        name: "intruso".into(),
        full_name: String::new(),
        role: Role::Admin,
        password: "una clave larga".into(),
    };
    let e = while_another_writes(&path, first, |l| l.create_user(None, &second)).unwrap_err();
    assert_eq!(e.code(), "forbidden", "{e}");
}

#[test]
fn a_category_priced_by_a_tariff_imported_meanwhile_is_accepted() {
    let t = Town::new();
    let path = t.dir.path().join("caudal.db");
    // The next year's tariff adds a category the town did not price before.
    let next = super::common::SEDAPAL
        .replacen("effective_from = \"2026-01\"", "effective_from = \"2027-01\"", 1)
        .replacen("[categories.social]", "[categories.vecinal]", 1)
        .replace('\'', "''");
    let priced = format!(
        "INSERT INTO tariffs (effective_from, name, approval, document, imported_at, imported_by)
         VALUES ('2027-01', 'Tarifa 2027', 'RCD 2027', '{next}', '2026-12-01 08:00:00', 'otro')"
    );
    let draft = caudal_core::customers::CustomerDraft {
        account: "01-0009".into(),
        name: "Rosa Quispe".into(),
        address: "Jr. Grau 1".into(),
        sector: "Centro".into(),
        category: "vecinal".into(),
        metered: "no".into(),
        sewer: "si".into(),
        subsidized: "no".into(),
        ..Default::default()
    };
    let saved = while_another_writes(&path, &priced, |l| l.save_customer(&admin(), &draft, true));
    assert_eq!(saved.unwrap().category, "vecinal");
}
