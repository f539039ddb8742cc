//! The Community Board's report from the command line (docs/report.md): the PDF and
//! indicators.csv as the spec gives them, a bill edited with `sqlite3` found and named, the
//! Board's records kept by the Board and refused to a clerk, and the bundle carrying both.

#![allow(clippy::unwrap_used)]

mod common;
use common::{caudal, demo, ok, refused};

use std::path::Path;
use std::process::{Command, Output};

fn as_user(db: &Path, user: &str, args: &[&str]) -> Output {
    common::caudal_command()
        .arg("--db")
        .arg(db)
        .args(["--user", user])
        .args(args)
        .env_remove("CAUDAL_DB")
        .env("CAUDAL_PASSWORD", caudal_demo::DEMO_PASSWORD)
        .output()
        .unwrap()
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext").arg(pdf).arg("-").output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_report_its_indicators_and_a_bill_edited_behind_its_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 60, 6);
    let last = common::last_month().to_string();
    let (pdf, csv) = (dir.path().join("informe.pdf"), dir.path().join("indicators.csv"));
    let run = |pdf: &Path| {
        caudal(
            &db,
            &[
                "--json",
                "report",
                "ncb",
                "--period",
                &last,
                "--out",
                pdf.to_str().unwrap(),
                "--csv",
                csv.to_str().unwrap(),
            ],
        )
    };
    let out: serde_json::Value = serde_json::from_str(&ok(&run(&pdf))).unwrap();
    assert_eq!(out["ledger_intact"], true);
    assert_eq!(out["audit_mismatches"], 0);
    assert_eq!(out["csv_rows"], 12 * 22);
    assert!(
        Command::new("qpdf")
            .arg("--check")
            .arg(&pdf)
            .output()
            .unwrap()
            .status
            .success()
    );
    let text = pdftotext(&pdf);
    assert!(text.contains("todos siguen la tarifa aprobada"), "{text}");
    let rows = std::fs::read_to_string(&csv).unwrap();
    let mut lines = rows.lines();
    assert_eq!(
        lines.next(),
        Some("period,code,label_es,label_en,value,unit,numerator,denominator,target,meets_target")
    );
    // Every row has its ten fields; meets_target is yes, no or empty.
    let mut reader = csv::Reader::from_reader(rows.as_bytes());
    for r in reader.records() {
        let r = r.unwrap();
        assert_eq!(r.len(), 10);
        assert!(["yes", "no", ""].contains(&&r[9]), "{r:?}");
    }
    let audit_row: Vec<&str> = rows
        .lines()
        .find(|l| l.starts_with(&format!("{last},tariff_audit_mismatches,")))
        .unwrap()
        .split(',')
        .collect();
    // value 0 of a count, 0 mismatched of the bills checked, target 0, met.
    assert_eq!(
        (audit_row[4], audit_row[5], audit_row[6]),
        ("0", "count", "0"),
        "{audit_row:?}"
    );
    assert!(audit_row[7].parse::<u64>().unwrap() > 50);
    assert_eq!((audit_row[8], audit_row[9]), ("0", "yes"));

    // Someone with sqlite3 raises one bill's fixed charge.
    let number: String = {
        let out = Command::new("sqlite3")
            .arg(&db)
            .arg(format!(
                "DROP TRIGGER bills_immutable_update; UPDATE bills SET fixed = fixed + 100 WHERE id = (SELECT min(id) FROM bills WHERE period = '{last}'); SELECT number FROM bills WHERE id = (SELECT min(id) FROM bills WHERE period = '{last}');"
            ))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    // `ledger verify` names it in words of the language chosen.
    let es = String::from_utf8_lossy(&caudal(&db, &["ledger", "verify"]).stdout).into_owned();
    assert!(es.contains(&format!("Problema en recibo {number}")), "{es}");
    let en = String::from_utf8_lossy(&caudal(&db, &["--lang", "en", "ledger", "verify"]).stdout).into_owned();
    assert!(
        en.contains(&format!("Problem in bill {number}")) && !en.contains("bill bill"),
        "{en}"
    );
    let damaged = dir.path().join("informe-2.pdf");
    let out: serde_json::Value = serde_json::from_str(&ok(&run(&damaged))).unwrap();
    assert_eq!(out["ledger_intact"], false);
    assert_eq!(out["audit_mismatches"], 1);
    let text = pdftotext(&damaged);
    assert!(text.contains("EL LIBRO ESTÁ DAÑADO"), "{text}");
    // The Board is told what the operator does, not a command to type.
    assert!(
        text.contains("restaure") && !text.contains("caudal ledger verify"),
        "{text}"
    );
    assert!(
        text.contains(&format!("1 no sigue la tarifa aprobada ({number})")),
        "{text}"
    );
    assert!(text.contains("cargo fijo"), "the line is named");
}

#[test]
fn the_board_keeps_its_records_and_the_bundle_carries_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 30, 2);
    let last = common::last_month();
    let held = last.first_day().to_string();
    let record = [
        "ncb",
        "meeting",
        "record",
        "--date",
        &held,
        "--kind",
        "asamblea",
        "--women",
        "12",
        "--men",
        "9",
        "--agreements",
        "Pedir el informe de cloro",
        "--sanction-request",
        "Cortes sin aviso",
    ];
    let err = refused(&as_user(&db, "ana", &record));
    assert!(err.contains("Junta Vecinal"), "{err}");
    let said = ok(&as_user(&db, "junta", &record));
    assert!(said.contains("asamblea comunal"), "{said}");
    assert!(said.contains("12 mujeres, 9 hombres"), "{said}");
    let err = refused(&as_user(
        &db,
        "junta",
        &["ncb", "meeting", "record", "--date", &held, "--kind", "board"],
    ));
    assert!(err.contains("cuántas mujeres"), "{err}");
    let err = refused(&caudal(
        &db,
        &[
            "ncb",
            "member",
            "add",
            "--name",
            "Julio",
            "--gender",
            "X",
            "--from",
            "2026-01-01",
        ],
    ));
    assert!(err.contains("F (mujer) o M (hombre)"), "{err}");
    ok(&caudal(
        &db,
        &[
            "ncb",
            "member",
            "add",
            "--name",
            "Julio Mamani",
            "--gender",
            "M",
            "--from",
            "01/01/2026",
            "--post",
            "secretario",
        ],
    ));
    let list = ok(&caudal(&db, &["ncb", "member", "list"]));
    assert!(
        list.contains("Julio Mamani") && list.contains("secretario(a)") && list.contains("01/01/2026"),
        "{list}"
    );
    let list = ok(&caudal(&db, &["ncb", "meeting", "list", "--period", &last.to_string()]));
    assert!(list.contains("pedido de sanción: Cortes sin aviso"), "{list}");

    // The month's bundle carries indicators.csv and the meetings.
    ok(&caudal(
        &db,
        &["key", "generate", "--out", dir.path().to_str().unwrap()],
    ));
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let created: serde_json::Value = serde_json::from_str(&ok(&caudal(
        &db,
        &[
            "--json",
            "bundle",
            "create",
            "--period",
            &last.to_string(),
            "--out",
            out.to_str().unwrap(),
        ],
    )))
    .unwrap();
    let name = created["bundle"]["name"].as_str().unwrap();
    let file = std::fs::File::open(out.join(format!("{name}.zip"))).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut meetings = String::new();
    {
        use std::io::Read;
        let mut entry = zip.by_name(&format!("{name}/data/ncb_meetings.csv")).unwrap();
        entry.read_to_string(&mut meetings).unwrap();
    }
    assert!(
        meetings.contains("assembly,12,9,Pedir el informe de cloro,Cortes sin aviso"),
        "{meetings}"
    );
    assert!(zip.by_name(&format!("{name}/data/indicators.csv")).is_ok());
}
