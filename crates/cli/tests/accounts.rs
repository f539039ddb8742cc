//! The accounts model from the command line (docs/accounts.md, docs/commands.md): `accounts
//! export` agrees with the statement, the receipt and arrears; amounts are repeated back and
//! ambiguous ones refused; months close; and two processes writing at once — as the desktop
//! window and the command line do on one file — never both take what only one may.

#![allow(clippy::unwrap_used)]

mod common;
use common::{caudal, demo, ok};

use std::path::Path;
use std::process::Output;

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&ok(out)).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `accounts export` read back: account → (balance, overdue).
fn exported(db: &Path, dir: &Path) -> std::collections::HashMap<String, (String, String)> {
    let out = dir.join("cuentas.csv");
    ok(&caudal(db, &["accounts", "export", "--out", out.to_str().unwrap()]));
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "account,holder,status,balance,charges,credits,overdue,overdue_charges,d0_30,d31_60,d61_90,over_90,disputed"
    );
    // The demo town's names hold no comma, so a plain split reads the file.
    lines
        .map(|line| {
            let r: Vec<&str> = line.split(',').collect();
            assert_eq!(r.len(), 13, "{line}");
            (r[0].to_string(), (r[3].to_string(), r[6].to_string()))
        })
        .collect()
}

#[test]
fn the_export_the_statement_the_receipt_and_arrears_agree() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 60, 4);
    let rows = exported(&db, dir.path());
    assert_eq!(rows.len(), 60);
    let arrears = json(&caudal(&db, &["--json", "arrears"]));
    for c in arrears["connections"].as_array().unwrap() {
        let account = c["account"].as_str().unwrap();
        assert_eq!(rows[account].1, c["total"].as_str().unwrap(), "{account}: overdue");
    }
    for (account, (balance, _)) in rows.iter().take(15) {
        let st = json(&caudal(&db, &["--json", "statement", "--account", account]));
        assert_eq!(st["balance"].as_str().unwrap(), balance, "{account}: statement");
    }
    // A payment's receipt says the balance the export then writes.
    let (account, _) = rows.iter().find(|(_, (b, _))| b != "0.00").unwrap();
    let r = json(&caudal(
        &db,
        &["--json", "payments", "record", "--account", account, "--amount", "3.00"],
    ));
    assert!(r["payment"]["number"].as_str().unwrap().starts_with("R001-"));
    let after = exported(&db, dir.path());
    assert_eq!(r["balance_after"].as_str().unwrap(), after[account.as_str()].0);
}

#[test]
fn amounts_are_repeated_back_and_ambiguous_ones_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 20, 2);
    let mut accounts: Vec<String> = exported(&db, dir.path()).into_keys().collect();
    accounts.sort();
    let account = accounts[0].as_str();
    let before = json(&caudal(&db, &["--json", "statement", "--account", account]));
    for amount in ["1,250", "1.250", "12.345", "50000000000000000", "1e3"] {
        let out = caudal(&db, &["payments", "record", "--account", account, "--amount", amount]);
        assert!(!out.status.success(), "{amount} was accepted");
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
    let out = caudal(
        &db,
        &[
            "--lang",
            "en",
            "payments",
            "record",
            "--account",
            account,
            "--amount",
            "1,250",
        ],
    );
    assert!(stderr(&out).contains("ambiguous"), "{}", stderr(&out));
    let after = json(&caudal(&db, &["--json", "statement", "--account", account]));
    assert_eq!(before, after, "nothing was stored");
    let text = ok(&caudal(
        &db,
        &["payments", "record", "--account", account, "--amount", "1,250.00"],
    ));
    assert!(text.contains("S/ 1,250.00"), "{text}");
    // Money commands say back the amount they recorded.
    let text = ok(&caudal(
        &db,
        &[
            "fund",
            "operator",
            "--kind",
            "energy",
            "--amount",
            "120,50",
            "--description",
            "Luz de la bomba",
        ],
    ));
    assert!(text.contains("S/ 120.50"), "{text}");
    let bill = json(&caudal(&db, &["--json", "statement", "--account", &accounts[1]]))["lines"][0]["reference"]
        .as_str()
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .to_string();
    let out = caudal(
        &db,
        &[
            "note",
            "--bill",
            &bill,
            "--kind",
            "debit",
            "--water",
            "50000000000000000",
            "--reason",
            "x",
        ],
    );
    assert!(!out.status.success());
    let text = ok(&caudal(
        &db,
        &[
            "note", "--bill", &bill, "--kind", "debit", "--water", "1.50", "--reason", "lectura",
        ],
    ));
    assert!(text.contains("agua S/ 1.50") && text.contains("total S/ "), "{text}");
    // After all of it every view still answers.
    for args in [
        vec!["statement", "--account", account],
        vec!["arrears"],
        vec!["fund", "balance"],
    ] {
        ok(&caudal(&db, &args));
    }
}

#[test]
fn a_closed_month_takes_no_entry_and_a_later_one_corrects_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 20, 3);
    let mut accounts: Vec<String> = exported(&db, dir.path()).into_keys().collect();
    accounts.sort();
    let months = json(&caudal(&db, &["--json", "billing", "run", "--period", "2026-11"]));
    assert!(
        months["lines"].as_array().unwrap().is_empty(),
        "November is already billed"
    );
    ok(&caudal(&db, &["month", "close", "--period", "2026-10"]));
    let out = caudal(
        &db,
        &[
            "payments",
            "record",
            "--account",
            &accounts[0],
            "--amount",
            "5.00",
            "--date",
            "2026-10-20",
        ],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("está cerrado"), "{}", stderr(&out));
    let list = json(&caudal(&db, &["--json", "month", "list"]));
    assert_eq!(list["closed"][0]["period"], "2026-10");
    ok(&caudal(
        &db,
        &[
            "payments",
            "record",
            "--account",
            &accounts[0],
            "--amount",
            "5.00",
            "--date",
            "2026-11-20",
        ],
    ));
    let verify = caudal(&db, &["ledger", "verify"]);
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stdout));
}

/// Starts `n` copies of one command at once against the same ledger.
fn at_once(db: &Path, n: usize, args: &[&str]) -> Vec<Output> {
    let children: Vec<_> = (0..n)
        .map(|_| {
            common::caudal_command()
                .arg("--db")
                .arg(db)
                .args(args)
                .env_remove("CAUDAL_DB")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children.into_iter().map(|c| c.wait_with_output().unwrap()).collect()
}

#[test]
fn two_writers_at_once_never_both_take_what_only_one_may() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 40, 3);
    let mut accounts: Vec<String> = exported(&db, dir.path()).into_keys().collect();
    accounts.sort();
    // Fund spending: each asks for more than half of what the purpose holds.
    let fund = json(&caudal(&db, &["--json", "fund", "balance"]));
    let hygiene = fund["purposes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["purpose"] == "hygiene")
        .unwrap()["balance"]
        .as_str()
        .unwrap()
        .to_string();
    let cents: i64 = hygiene.replace('.', "").parse().unwrap();
    let ask = format!("{}.{:02}", (cents * 6 / 10) / 100, (cents * 6 / 10) % 100);
    let spend = [
        "fund",
        "spend",
        "--purpose",
        "hygiene",
        "--amount",
        &ask,
        "--description",
        "Jabón",
        "--document",
        "Boleta 1",
        "--approved-by",
        "JVC",
    ];
    let outs = at_once(&db, 4, &spend);
    let won = outs.iter().filter(|o| o.status.success()).count();
    assert_eq!(won, 1, "{:?}", outs.iter().map(stderr).collect::<Vec<_>>());
    let fund = json(&caudal(&db, &["--json", "fund", "balance"]));
    let left = fund["purposes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["purpose"] == "hygiene")
        .unwrap()["balance"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!left.starts_with('-'), "hygiene overdrawn: {left}");
    // Full credit notes on the same bill: one is issued, the others find nothing left.
    let st = json(&caudal(&db, &["--json", "statement", "--account", &accounts[2]]));
    let bill = st["lines"][0]["reference"]
        .as_str()
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .to_string();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (water, sewer, fixed): (i64, i64, i64) = conn
        .query_row(
            "SELECT water, sewer, fixed FROM bills WHERE number = ?1",
            [&bill],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let (w, s, f) = (
        format!("{}.{:02}", water / 100, water % 100),
        format!("{}.{:02}", sewer / 100, sewer % 100),
        format!("{}.{:02}", fixed / 100, fixed % 100),
    );
    let note = [
        "note",
        "--bill",
        &bill,
        "--kind",
        "credit",
        "--water",
        &w,
        "--sewer",
        &s,
        "--fixed",
        &f,
        "--reason",
        "duplicado",
    ];
    let outs = at_once(&db, 3, &note);
    assert_eq!(outs.iter().filter(|o| o.status.success()).count(), 1);
    // Payments at once: every one recorded, receipts gapless.
    let pay = ["payments", "record", "--account", &accounts[3], "--amount", "1.00"];
    let outs = at_once(&db, 4, &pay);
    assert!(
        outs.iter().all(|o| o.status.success()),
        "{:?}",
        outs.iter().map(stderr).collect::<Vec<_>>()
    );
    let (count, max): (i64, i64) = conn
        .query_row("SELECT count(*), max(id) FROM payments", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(count, max, "receipts gapless");
    let verify = caudal(&db, &["ledger", "verify"]);
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stdout));
}
