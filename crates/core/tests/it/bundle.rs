//! The municipality bundle: reproducible bytes, revisions instead of replacement, and every
//! tampering the municipality could meet named by `verify`.

use super::common::{HEADER, admin};
use caudal_core::bundle::verify::verify;
use caudal_core::{Ledger, Money, Period};
use std::io::{Cursor, Read, Write};

pub const PASS: &str = "frase de paso de prueba";

/// A small demo town (60 connections, 2 months) with a signing key; returns its last period.
pub fn demo_with_key(dir: &std::path::Path) -> (Ledger, Period) {
    let report = caudal_demo::build(dir, 60, 2, |_| {}).unwrap();
    let mut ledger = super::common::opened(&report.ledger);
    ledger.generate_key(&admin(), PASS, false).unwrap();
    (ledger, report.last_period)
}

fn public(ledger: &Ledger) -> String {
    ledger.public_key().unwrap().unwrap().public_box
}

fn problems(name: &str, zip: &[u8], sig: Option<&str>, public: &str) -> Vec<String> {
    let r = verify(name, zip, sig, public).unwrap();
    r.problems.iter().map(|p| p.en.clone()).collect()
}

/// Rewrites a zip with `edit` applied to its entries (name, bytes), keeping their order.
fn rezip(zip: &[u8], edit: impl Fn(&mut Vec<(String, Vec<u8>)>)) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut b = Vec::new();
        f.read_to_end(&mut b).unwrap();
        entries.push((f.name().unwrap().to_string(), b));
    }
    edit(&mut entries);
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        w.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(&bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn a_bundle_is_reproducible_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, period) = demo_with_key(dir.path());
    // A copy of the ledger taken before the bundle exists must produce the same bytes. Closing
    // the ledger folds its write-ahead log into the file, so the file is the whole ledger.
    let db = ledger.path().unwrap().to_path_buf();
    drop(ledger);
    let copy = dir.path().join("copy.db");
    std::fs::copy(&db, &copy).unwrap();
    let mut ledger = super::common::opened(&db);

    let first = ledger.create_bundle(&admin(), period, PASS).unwrap();
    assert!(!first.unchanged);
    let name = first.bundle.name.clone();
    assert!(name.ends_with(&format!("-{period}")), "{name}");
    let (zip, sig) = ledger.bundle_files(&name).unwrap();
    assert!(problems(&name, &zip, Some(&sig), &public(&ledger)).is_empty());
    assert!(sig.contains(&format!(
        "trusted comment: bundle:{name}\tsha256:{}",
        first.bundle.zip_sha256
    )));

    let again = ledger.create_bundle(&admin(), period, PASS).unwrap();
    assert!(again.unchanged, "same data: the bundle is not made twice");
    assert_eq!(again.bundle.name, name);
    assert_eq!(ledger.bundles().unwrap().len(), 1);

    let mut other = super::common::opened(&copy);
    let twin = other.create_bundle(&admin(), period, PASS).unwrap();
    let (zip2, sig2) = other.bundle_files(&twin.bundle.name).unwrap();
    assert_eq!(zip, zip2, "byte-identical zip from the same ledger");
    assert_eq!(sig, sig2, "byte-identical signature from the same ledger");

    // The CSVs are UTF-8 with BOM and CRLF, and bag-info carries the ledger head.
    let entries = caudal_core::bundle::bag::read_zip(&zip).unwrap();
    let customers = &entries.iter().find(|e| e.0.ends_with("data/customers.csv")).unwrap().1;
    assert!(customers.starts_with(b"\xEF\xBB\xBFaccount,name,document,address"));
    assert!(customers.windows(2).any(|w| w == b"\r\n"));
    let info = String::from_utf8(
        entries
            .iter()
            .find(|e| e.0.ends_with("bag-info.txt"))
            .unwrap()
            .1
            .clone(),
    )
    .unwrap();
    assert!(info.contains(&format!("Caudal-Ledger-Head: {}", ledger.chain_head().unwrap())));
    assert!(info.contains("Caudal-Previous-Bundle: none"));
}

#[test]
fn a_correction_makes_a_new_revision_linked_to_the_previous() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, period) = demo_with_key(dir.path());
    let first = ledger.create_bundle(&admin(), period, PASS).unwrap().bundle;
    // Creating the bundle closed the month: a payment dated in it is refused, and one dated
    // today belongs to the open month's bundle, not to this one.
    let bill = ledger.bills(period, None).unwrap().into_iter().next().unwrap();
    let closed = ledger
        .record_payment(&admin(), &bill.account, Money::from_cents(100), period.last_day())
        .unwrap_err();
    assert_eq!(closed.code(), "paid_on");
    ledger
        .record_payment(&admin(), &bill.account, Money::from_cents(100), ledger.clock().today())
        .unwrap();
    assert!(ledger.create_bundle(&admin(), period, PASS).unwrap().unchanged);
    // A new connection changes the customers the month's bundle carries: a new revision.
    let csv = dir.path().join("nuevo.csv");
    std::fs::write(
        &csv,
        format!("{HEADER}99-0001,Nueva Conexión,Jr. Nuevo 1,Centro,domestico,no,,,,no,no\n"),
    )
    .unwrap();
    ledger
        .import_customers(&admin(), &csv, Default::default(), false)
        .unwrap();
    let second = ledger.create_bundle(&admin(), period, PASS).unwrap();
    assert!(!second.unchanged);
    assert_eq!(second.bundle.name, format!("{}-2", first.name));
    assert_eq!(second.bundle.revision, 2);
    let (zip, sig) = ledger.bundle_files(&second.bundle.name).unwrap();
    assert!(problems(&second.bundle.name, &zip, Some(&sig), &public(&ledger)).is_empty());
    let report = verify(&second.bundle.name, &zip, Some(&sig), &public(&ledger)).unwrap();
    assert_eq!(
        report.previous.unwrap(),
        format!("{} sha256:{}", first.name, first.zip_sha256)
    );
    // The first bundle is still there, unchanged.
    let (zip1, _) = ledger.bundle_files(&first.name).unwrap();
    assert_eq!(caudal_core::bundle::bag::sha256_hex(&zip1), first.zip_sha256);
}

#[test]
fn every_tampering_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, period) = demo_with_key(dir.path());
    let name = ledger.create_bundle(&admin(), period, PASS).unwrap().bundle.name;
    let (zip, sig) = ledger.bundle_files(&name).unwrap();
    let public = public(&ledger);
    let has = |ps: Vec<String>, needle: &str| {
        assert!(ps.iter().any(|p| p.contains(needle)), "expected «{needle}» in {ps:#?}");
    };

    let mut flipped = zip.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x01;
    has(problems(&name, &flipped, Some(&sig), &public), "signature is not valid");

    let edited_comment = sig.replace("trusted comment: bundle:", "trusted comment: bundle:X");
    has(
        problems(&name, &zip, Some(&edited_comment), &public),
        "signature is not valid",
    );

    let changed_csv = rezip(&zip, |e| {
        let f = e.iter_mut().find(|(n, _)| n.ends_with("data/payments.csv")).unwrap();
        f.1.extend_from_slice(b"R001-99999999,01-0001,2026-01-01,1000.00,cash,,,,x\r\n");
    });
    let ps = problems(&name, &changed_csv, Some(&sig), &public);
    has(ps.clone(), "data/payments.csv was changed");
    has(ps, "Payload-Oxum");

    let extra = rezip(&zip, |e| e.push((format!("{name}/data/extra.csv"), b"a\r\n".to_vec())));
    has(
        problems(&name, &extra, Some(&sig), &public),
        "Extra file in the bundle: data/extra.csv",
    );

    let edited_info = rezip(&zip, |e| {
        let f = e.iter_mut().find(|(n, _)| n.ends_with("bag-info.txt")).unwrap();
        f.1 = String::from_utf8(f.1.clone())
            .unwrap()
            .replace("Source-Organization: ", "Source-Organization: X")
            .into_bytes();
    });
    has(
        problems(&name, &edited_info, Some(&sig), &public),
        "bag-info.txt was changed",
    );

    let other_month = name.replace(&period.to_string(), &period.next().to_string());
    // A renamed bundle is said in one sentence, with its own name to give it back; its
    // contents are checked under that name (a line per file "outside the folder" before).
    let ps = problems(&other_month, &zip, Some(&sig), &public);
    assert_eq!(ps.len(), 1, "{ps:?}");
    has(ps, &format!("it is the bundle «{name}»: it was renamed"));
    let broken = rezip(&zip, |e| e.retain(|(n, _)| !n.ends_with("data/readings.csv")));
    let ps = problems(&other_month, &broken, Some(&sig), &public);
    has(ps.clone(), "it was renamed");
    has(ps, "data/readings.csv is missing");

    let missing = rezip(&zip, |e| e.retain(|(n, _)| !n.ends_with("data/readings.csv")));
    has(
        problems(&name, &missing, Some(&sig), &public),
        "data/readings.csv is missing",
    );

    has(problems(&name, &zip, None, &public), "is missing beside the bundle");

    let mut other = super::common::opened(ledger.path().unwrap());
    other.generate_key(&admin(), "otra frase de paso", true).unwrap();
    has(
        problems(
            &name,
            &zip,
            Some(&sig),
            &other.public_key().unwrap().unwrap().public_box,
        ),
        "signature is not valid",
    );
}

#[test]
fn refusals_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, period) = demo_with_key(dir.path());
    let e = ledger
        .create_bundle(&admin(), period, "not the passphrase")
        .unwrap_err();
    assert_eq!(e.code(), "wrong_passphrase");
    let e = ledger.create_bundle(&admin(), period.next().next(), PASS).unwrap_err();
    assert_eq!(e.code(), "not_found");
    let e = ledger
        .create_bundle(&caudal_core::Actor::new("junta", caudal_core::Role::Ncb), period, PASS)
        .unwrap_err();
    assert_eq!(e.code(), "forbidden");
    assert!(ledger.bundles().unwrap().is_empty());
    assert_eq!(
        ledger.generate_key(&admin(), PASS, false).unwrap_err().code(),
        "conflict"
    );
    assert_eq!(
        ledger.generate_key(&admin(), "corta", true).unwrap_err().code(),
        "passphrase_too_short"
    );
}

/// Closing the month, reading the payload and storing the bundle are one write: a bundle that
/// fails at its last step (here the store refuses it) leaves the month open and nothing sealed.
#[test]
fn a_failed_bundle_leaves_the_month_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, period) = demo_with_key(dir.path());
    let closed_before = ledger.closed_through().unwrap();
    assert!(
        closed_before.is_none_or(|c| c < period),
        "the demo's last month starts open"
    );
    let head_before = ledger.chain_head().unwrap();
    let path = ledger.path().unwrap().to_path_buf();
    let behind = rusqlite::Connection::open(&path).unwrap();
    behind
        .execute_batch(
            "CREATE TRIGGER refuse_bundles BEFORE INSERT ON bundles
             BEGIN SELECT RAISE(ABORT, 'disk full while storing the bundle'); END;",
        )
        .unwrap();
    assert!(ledger.create_bundle(&admin(), period, PASS).is_err());
    assert_eq!(ledger.closed_through().unwrap(), closed_before, "the month stays open");
    assert_eq!(ledger.chain_head().unwrap(), head_before, "nothing was sealed");
    assert!(ledger.bundles().unwrap().is_empty());

    behind.execute_batch("DROP TRIGGER refuse_bundles;").unwrap();
    let made = ledger.create_bundle(&admin(), period, PASS).unwrap();
    assert!(!made.unchanged);
    assert_eq!(ledger.closed_through().unwrap(), Some(period));
    assert_eq!(
        made.bundle.ledger_head,
        ledger.chain_head().unwrap(),
        "the head names the close"
    );
}
