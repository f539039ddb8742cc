//! Complaints from the command line (docs/complaints.md): `--json` on each command, a Board
//! member signing in with `--user` and `$CAUDAL_PASSWORD`, the export and the bundle's file,
//! and a clear sentence — never a panic — for what is wrong.

#![allow(clippy::unwrap_used)]

mod common;
use common::{caudal, demo, ok, refused};

use std::path::Path;
use std::process::Output;

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&ok(out)).unwrap()
}

fn as_user(db: &Path, user: &str, password: &str, args: &[&str]) -> Output {
    common::caudal_command()
        .arg("--db")
        .arg(db)
        .args(["--user", user])
        .args(args)
        .env_remove("CAUDAL_DB")
        .env("CAUDAL_PASSWORD", password)
        .output()
        .unwrap()
}

#[test]
fn a_complaint_from_filing_to_the_boards_decision() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 20, 3);
    let bills = dir.path().join("b.csv");
    let period = json(&caudal(&db, &["--json", "month", "list"]));
    let last = period["months"]
        .as_array()
        .and_then(|m| m.iter().rev().find(|m| m["state"] != "open"))
        .map(|m| m["period"].as_str().unwrap().to_string());
    let last = last.unwrap_or_else(|| "2026-11".into());
    ok(&caudal(
        &db,
        &["bills", "export", "--period", &last, "--out", bills.to_str().unwrap()],
    ));
    let csv = std::fs::read_to_string(&bills).unwrap();
    let row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    let (bill, account) = (row[0], row[1]);
    let filed = json(&caudal(
        &db,
        &[
            "--json",
            "complaints",
            "file",
            "--account",
            account,
            "--kind",
            "facturación",
            "--channel",
            "ventanilla",
            "--by",
            "Rosa Mamani",
            "--id",
            "41234567",
            "--bill",
            bill,
            "--amount",
            "5.00",
            "--description",
            "El medidor gira sin uso",
        ],
    ));
    let number = filed["number"].as_str().unwrap().to_string();
    assert!(number.starts_with("REC-") && number.ends_with("-00001"), "{number}");
    assert!(filed["decision_due"].as_str().unwrap().len() == 10);
    let decided = json(&caudal(
        &db,
        &[
            "--json",
            "complaints",
            "decide",
            "--number",
            &number,
            "--outcome",
            "infundado",
            "--reason",
            "Verificado",
        ],
    ));
    assert_eq!(decided["state"], "decided");
    ok(&caudal(&db, &["complaints", "notify", "--number", &number]));
    ok(&caudal(
        &db,
        &["complaints", "appeal", "--number", &number, "--reason", "No conforme"],
    ));
    // The administrator may not decide the appeal; the Board member signs in and does.
    let err = refused(&caudal(
        &db,
        &[
            "complaints",
            "ncb-decide",
            "--number",
            &number,
            "--outcome",
            "founded",
            "--reason",
            "x",
        ],
    ));
    assert!(err.contains("Junta Vecinal"), "{err}");
    let err = refused(&as_user(
        &db,
        "junta",
        "equivocada",
        &[
            "complaints",
            "ncb-decide",
            "--number",
            &number,
            "--outcome",
            "founded",
            "--reason",
            "x",
        ],
    ));
    assert!(err.contains("contraseña"), "{err}");
    let done = json(&as_user(
        &db,
        "junta",
        "caudal-demo",
        &[
            "--json",
            "complaints",
            "ncb-decide",
            "--number",
            &number,
            "--outcome",
            "founded",
            "--reason",
            "Acta 3",
        ],
    ));
    assert_eq!(done["state"], "final");
    assert_eq!(done["progress"]["credited"], "5.00");
    // The list, the export, the constancia, the letter.
    let open = json(&caudal(&db, &["--json", "complaints", "list"]));
    assert!(open["complaints"].as_array().unwrap().is_empty());
    let out = dir.path().join("reclamos.csv");
    ok(&caudal(&db, &["complaints", "export", "--out", out.to_str().unwrap()]));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.lines()
            .next()
            .unwrap()
            .starts_with("number,account,kind,channel,filed_on,bill,disputed_amount,")
    );
    assert!(text.contains(",founded,5.00,"), "{text}");
    for extra in [&[][..], &["--decision"][..]] {
        let pdf = dir.path().join("doc.pdf");
        let mut args = vec!["complaints", "pdf", &number, "--out", pdf.to_str().unwrap()];
        args.extend_from_slice(extra);
        ok(&caudal(&db, &args));
        assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    }
    let v = ok(&caudal(&db, &["ledger", "verify"]));
    assert!(v.contains("íntegro"), "{v}");
}

#[test]
fn bad_input_gets_a_sentence_naming_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 5, 2);
    // A good filing with some options replaced or added.
    let file = |extra: &[&str]| {
        let mut pairs = vec![
            ("--account", "01-00001"),
            ("--kind", "operational"),
            ("--channel", "counter"),
            ("--by", "Ana"),
            ("--id", "41234567"),
            ("--description", "Sin agua"),
        ];
        for kv in extra.chunks(2) {
            match pairs.iter_mut().find(|p| p.0 == kv[0]) {
                Some(p) => p.1 = kv[1],
                None => pairs.push((kv[0], kv[1])),
            }
        }
        let mut args = vec!["complaints", "file"];
        args.extend(pairs.iter().flat_map(|(k, v)| [*k, *v]));
        caudal(&db, &args)
    };
    for (args, expect) in [
        (
            vec![
                "complaints",
                "file",
                "--account",
                "01-00001",
                "--kind",
                "queja",
                "--channel",
                "counter",
                "--by",
                "A",
                "--id",
                "41234567",
                "--description",
                "x",
            ],
            "--kind",
        ),
        (vec!["complaints", "show", "REC-2026-99999"], "No existe el reclamo"),
        (
            vec![
                "complaints",
                "decide",
                "--number",
                "REC-2026-00001",
                "--outcome",
                "quizás",
                "--reason",
                "x",
            ],
            "--outcome",
        ),
        (vec!["calendar", "remove", "2026-12-05"], "sábado"),
        (vec!["complaints", "sweep", "--date", "2999-01-01"], "posterior a hoy"),
        (vec!["setting", "complaints.decision", "0"], "de 1 a 365"),
    ] {
        let err = refused(&caudal(&db, &args));
        assert!(err.contains(expect), "{args:?}: {err}");
    }
    assert!(refused(&file(&["--id", "123"])).contains("DNI"));
    assert!(refused(&file(&["--account", "99-99999"])).contains("99-99999"));
    assert!(refused(&file(&["--bill", "S001-00000001"])).contains("facturación"));
    assert!(refused(&file(&["--channel", "phone", "--relation", "user"])).contains("titular"));
    assert!(refused(&file(&["--date", "2031-01-01"])).contains("posterior a hoy"));
    assert!(refused(&file(&["--description", "  "])).contains("Describa"));
    // Nothing was written by any of them.
    let open = json(&caudal(&db, &["--json", "complaints", "list"]));
    assert!(open["complaints"].as_array().unwrap().is_empty());
    // The rules and the calendar read as words.
    let rules = ok(&caudal(&db, &["complaints", "rules"]));
    assert!(rules.contains("30 días hábiles"), "{rules}");
    let year = ok(&caudal(&db, &["calendar", "list", "--year", "2027"]));
    assert!(
        year.contains("25/03/2027  Jueves Santo") && year.contains("26/03/2027  Viernes Santo"),
        "{year}"
    );
}
