//! Ledgers of every earlier release migrate: each keeps what it held (months, notes, backups,
//! complaints, samples, the Board, its sealed check) and verifies after.

use super::common::*;
use caudal_core::ledger::backup::{BackupKind, backups_dir};

#[test]
fn a_schema_5_ledger_migrates_to_complaints_keeping_its_months_notes_and_backups() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger-v5.db");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ledger-v5.db"),
        &path,
    )
    .unwrap();
    let mut ledger = super::common::opened(&path);
    assert!(backups_dir(&path).exists(), "a raw copy is made before the migration");
    let report = ledger.verify().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    assert_eq!(ledger.closed_through().unwrap(), Some(p("2026-10")));
    ledger
        .backup_to(&admin(), &dir.path().join("copia.db"), BackupKind::Manual)
        .unwrap();
    assert_eq!(ledger.backups().unwrap().len(), 2);
    let st = ledger.statement("02-00002").unwrap();
    assert!(
        st.lines
            .iter()
            .any(|l| l.kind == "reconnect" && l.charge == caudal_core::Money::from_cents(1500))
    );
    // The new tables came with their defaults.
    let rules = ledger.complaint_rules().unwrap();
    assert_eq!(rules.iter().find(|r| r.rule == "decision").unwrap().days, 30);
    assert_eq!(ledger.calendar_year(2026).unwrap().len(), 16);
    assert!(ledger.open_complaints(None, false).unwrap().is_empty());
}

#[test]
fn a_schema_6_ledger_migrates_to_quality_keeping_its_complaints() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger-v6.db");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ledger-v6.db"),
        &path,
    )
    .unwrap();
    let ledger = super::common::opened(&path);
    assert!(backups_dir(&path).exists(), "a raw copy is made before the migration");
    let report = ledger.verify().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    assert_eq!(ledger.quality_summary("2026-11".parse().unwrap()).unwrap().samples, 0);
    let c = ledger.complaint("REC-2026-00001").unwrap();
    assert_eq!(c.progress.outcome, Some(caudal_core::complaints::Outcome::Partly));
    assert!(c.progress.credited > caudal_core::Money::ZERO);
    assert_eq!(
        ledger
            .calendar_year(2026)
            .unwrap()
            .iter()
            .filter(|d| d.source == "added")
            .count(),
        1
    );
}

#[test]
fn a_schema_7_ledger_migrates_to_the_board_keeping_its_samples_and_bills() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger-v7.db");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ledger-v7.db"),
        &path,
    )
    .unwrap();
    let ledger = super::common::opened(&path);
    assert!(backups_dir(&path).exists(), "a raw copy is made before the migration");
    let report = ledger.verify().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    let s = ledger.quality_summary("2026-11".parse().unwrap()).unwrap();
    assert_eq!((s.samples, s.open_incidents), (2, 1));
    let c = ledger.continuity("2026-11".parse().unwrap()).unwrap();
    assert_eq!(c.sectors.len(), 1);
    assert_eq!(c.sectors[0].interrupted_hours, "4.0");
    // Bills issued before terms were kept are audited against the connection as it is.
    let audit = ledger.tariff_audit("2026-11".parse().unwrap()).unwrap();
    assert_eq!(audit.mismatched_bills, 0, "{:?}", audit.mismatches);
    assert_eq!(audit.without_terms, audit.bills);
    assert!(audit.bills > 0);
    assert!(ledger.ncb_members().unwrap().is_empty());
}

#[test]
fn a_ledger_of_the_board_release_keeps_its_board_and_bill_terms() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger-v8.db");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ledger-v8.db"),
        &path,
    )
    .unwrap();
    let ledger = super::common::opened(&path);
    assert!(
        backups_dir(&path).exists(),
        "a backup before the migration to ledger checks"
    );
    let report = ledger.verify().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    let audit = ledger.tariff_audit("2026-11".parse().unwrap()).unwrap();
    assert_eq!((audit.mismatched_bills, audit.without_terms), (0, 0));
    assert_eq!(ledger.ncb_members().unwrap().len(), 1);
    let meetings = ledger.ncb_meetings("2026-11".parse().unwrap()).unwrap();
    assert_eq!((meetings.len(), meetings[0].women, meetings[0].men), (1, 3, 2));
    // Never checked in full by a release that seals checks: the quick check is a whole one.
    assert!(ledger.verify_quick().unwrap().since.is_none());
}

#[test]
fn a_ledger_of_the_checks_release_migrates_to_sealed_state_keeping_its_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger-v9.db");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ledger-v9.db"),
        &path,
    )
    .unwrap();
    let links_before: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("SELECT count(*) FROM chain", [], |r| r.get(0))
        .unwrap();
    let mut ledger = super::common::opened(&path);
    assert!(backups_dir(&path).exists(), "a raw copy is made before the migration");
    // What the ledger held is sealed once: its tariffs, meters, users, settings and series
    // follow the links it had, and its audit log is hashed.
    let whole = ledger.verify().unwrap();
    assert!(whole.ok(), "{:?}", whole.problems);
    assert!(
        whole.links as i64 > links_before + 30,
        "30 meters and more sealed: {} links",
        whole.links
    );
    // The check it sealed before still stands: a quick check starts from it.
    let quick = ledger.verify_quick().unwrap();
    assert!(quick.ok(), "{:?}", quick.problems);
    assert!(quick.since.is_some(), "the check `ledger verify` sealed in schema 9");
    // And the migrated ledger refuses and names what sqlite3 does to it, as a new one does.
    assert!(ledger.check(&admin()).unwrap().sealed);
    drop(ledger);
    let db = rusqlite::Connection::open(&path).unwrap();
    db.execute_batch("UPDATE tariffs SET document = replace(document, '1.116', '0.116')")
        .unwrap();
    let report = super::common::opened(&path).verify().unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.kind == "tariff" && p.reason.en.contains("changed outside Caudal")),
        "{:?}",
        report.problems
    );
}

#[test]
fn a_ledger_of_this_release_opens_with_its_sealed_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger-v12.db");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ledger-v12.db"),
        &path,
    )
    .unwrap();
    let ledger = super::common::opened(&path);
    assert!(!backups_dir(&path).exists(), "no migration, so no backup before one");
    let quick = ledger.verify_quick().unwrap();
    assert!(quick.ok(), "{:?}", quick.problems);
    let basis = quick.since.expect("the check `ledger verify` sealed");
    // The check sealed itself after everything the demo wrote: only its own link is re-read.
    assert_eq!(basis.rechecked, 1);
    assert_eq!(quick.links, basis.through + 1);
}

/// A version 10 ledger migrates to this release: a backup first, and every link still verifies
/// as it was sealed.
#[test]
fn a_version_10_ledger_migrates_and_verifies_as_sealed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger-v10.db");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ledger-v10.db"),
        &path,
    )
    .unwrap();
    let ledger = super::common::opened(&path);
    assert!(backups_dir(&path).exists(), "a migration takes a backup first");
    let report = ledger.verify().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
}

/// A version 11 ledger migrates: its connections are sealed in the migration, and from then on
/// a connection edited outside Caudal (made subsidized, so the next bills would change) is
/// named by `ledger verify`.
#[test]
fn a_version_11_ledger_seals_its_connections_when_it_migrates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger-v11.db");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ledger-v11.db"),
        &path,
    )
    .unwrap();
    let ledger = super::common::opened(&path);
    let report = ledger.verify().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    drop(ledger);
    let db = rusqlite::Connection::open(&path).unwrap();
    // Behind Caudal's back: the schema's trigger queues the change for sealing, and the next
    // write of Caudal must not seal it as its own.
    db.execute_batch(
        "UPDATE connections SET subsidized = 1 - subsidized WHERE id = (SELECT min(id) FROM connections);",
    )
    .unwrap();
    let mut ledger = super::common::opened(&path);
    let day = chrono::NaiveDate::from_ymd_opt(2027, 6, 10).unwrap();
    ledger.calendar_add(&admin(), day, "Feriado local").unwrap();
    let report = ledger.verify().unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.kind == "connection" && p.reason.en.contains("changed outside Caudal")),
        "{:?}",
        report.problems
    );
}
