//! Printed documents from the command line (docs/commands.md): a town's bills in one PDF across the
//! writer's chunks, a receipt with the payment, route sheets, and clear refusals.

#![allow(clippy::unwrap_used)]

mod common;
use common::{caudal, ok};

use std::process::Command;

fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap();
    assert!(out.status.success(), "{tool}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_towns_bills_receipts_and_route_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo(dir.path(), 450, 1);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (period, bills, last): (String, u32, String) = conn
        .query_row(
            "SELECT period, count(*), max(number) FROM bills GROUP BY period ORDER BY period DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert!(bills > 400, "more bills than one chunk of the writer");

    let pdf = dir.path().join("recibos.pdf");
    let out: serde_json::Value = serde_json::from_str(&ok(&caudal(
        &db,
        &[
            "--json",
            "bills",
            "pdf",
            "--period",
            &period,
            "--out",
            pdf.to_str().unwrap(),
        ],
    )))
    .unwrap();
    assert_eq!(out["pages"], bills);
    let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(pages, bills, "one page per bill");
    let last_page = poppler(
        "pdftotext",
        &[
            "-f",
            &bills.to_string(),
            "-l",
            &bills.to_string(),
            pdf.to_str().unwrap(),
            "-",
        ],
    );
    assert!(
        last_page.contains(&last),
        "the last page is the last bill, {last}:\n{last_page}"
    );
    let fonts = poppler("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(fonts.lines().skip(2).all(|l| l.contains("yes yes yes")), "{fonts}");

    let receipt = dir.path().join("comprobante.pdf");
    let account: String = conn
        .query_row("SELECT account FROM bills LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let text = ok(&caudal(
        &db,
        &[
            "--lang",
            "en",
            "payments",
            "record",
            "--account",
            &account,
            "--amount",
            "10",
            "--receipt",
            receipt.to_str().unwrap(),
        ],
    ));
    assert!(text.contains("Receipt:"), "{text}");
    let printed = poppler("pdftotext", &[receipt.to_str().unwrap(), "-"]);
    assert!(
        printed.contains("PAYMENT RECEIPT") && printed.contains(&account),
        "{printed}"
    );

    let sheets = dir.path().join("rutas.pdf");
    let text = ok(&caudal(
        &db,
        &[
            "readings",
            "sheets",
            "--period",
            &period,
            "--out",
            sheets.to_str().unwrap(),
        ],
    ));
    assert!(text.contains("páginas"), "{text}");
    assert!(poppler("pdftotext", &[sheets.to_str().unwrap(), "-"]).contains("HOJAS DE RUTA"));

    // Refusals name what is wrong and leave no file.
    let none = dir.path().join("none.pdf");
    let out = caudal(
        &db,
        &[
            "--lang",
            "en",
            "bills",
            "pdf",
            "--period",
            "2001-01",
            "--out",
            none.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("No bills were issued for 2001-01"));
    assert!(!none.exists());
    let nowhere = dir.path().join("no/such/folder/x.pdf");
    let out = caudal(
        &db,
        &[
            "--lang",
            "en",
            "bills",
            "pdf",
            "--period",
            &period,
            "--out",
            nowhere.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot be written"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
