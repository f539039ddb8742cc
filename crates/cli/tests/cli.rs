//! The command line as scripts and outside checks use it (docs/commands.md): a month end to
//! end, exit codes, messages in both languages, no panic for hostile input, and the crash test:
//! a billing run killed at random moments leaves the ledger whole.

// Test helpers stop at the first surprise; an unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used)]

mod common;
use common::{Lcg, caudal, ok};

use std::path::{Path, PathBuf};
use std::process::Output;

const TARIFF: &str = include_str!("../../core/tests/fixtures/sedapal.toml");

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&ok(out)).unwrap()
}

/// A ledger with the SEDAPAL tariff and `n` metered customers whose January readings are in.
fn town(dir: &Path, n: usize) -> PathBuf {
    let db = dir.join("caudal.db");
    ok(&caudal(
        &db,
        &["init", "--operator", "Aguas de Prueba S.A.C.", "--town", "Villa Prueba"],
    ));
    let tariff = dir.join("tarifa.toml");
    std::fs::write(&tariff, TARIFF).unwrap();
    ok(&caudal(&db, &["tariff", "import", tariff.to_str().unwrap()]));
    let mut customers = String::from(
        "cuenta;nombre;direccion;sector;ruta;orden;categoria;medidor;serie_medidor;lectura_inicial;desague\n",
    );
    let mut readings = String::from("cuenta;periodo;lectura;fecha\n");
    for i in 0..n {
        customers.push_str(&format!(
            "01-{i:05};Vecino {i};Jr. Grau {i};Centro;R01;{i};domestico;si;M{i};{};si\n",
            i % 50
        ));
        readings.push_str(&format!("01-{i:05};2026-01;{};31/01/2026\n", i % 50 + 5 + i % 30));
    }
    let c = dir.join("clientes.csv");
    std::fs::write(&c, customers).unwrap();
    ok(&caudal(&db, &["customers", "import", c.to_str().unwrap()]));
    let r = dir.join("lecturas.csv");
    std::fs::write(&r, readings).unwrap();
    ok(&caudal(&db, &["readings", "import", r.to_str().unwrap()]));
    db
}

#[test]
fn a_month_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = town(dir.path(), 20);
    let preview = json(&caudal(&db, &["--json", "billing", "run", "--period", "2026-01"]));
    assert_eq!(preview["lines"].as_array().unwrap().len(), 20);
    assert_eq!(
        preview["lines"][0]["charges"]["water"], "5.58",
        "money crosses as a decimal string"
    );
    let text = ok(&caudal(&db, &["billing", "run", "--period", "2026-01"]));
    assert!(text.contains("Vista previa") && text.contains("S/ "), "{text}");
    // Categories as the tariff names them, not by their codes.
    assert!(text.contains("  Doméstico ") && !text.contains("domestico"), "{text}");
    let issued = json(&caudal(
        &db,
        &[
            "--json",
            "billing",
            "run",
            "--period",
            "2026-01",
            "--issue",
            "--date",
            "2026-02-03",
        ],
    ));
    assert_eq!(issued["issued"], 20);
    assert_eq!(issued["first_number"], "S001-00000001");
    let en = ok(&caudal(
        &db,
        &[
            "--lang",
            "en",
            "billing",
            "run",
            "--period",
            "2026-01",
            "--issue",
            "--date",
            "2026-02-03",
        ],
    ));
    assert!(en.contains("There were no bills to issue"), "{en}");
    let out = dir.path().join("bills.csv");
    ok(&caudal(
        &db,
        &["bills", "export", "--period", "2026-01", "--out", out.to_str().unwrap()],
    ));
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 21);
    let verify = ok(&caudal(&db, &["ledger", "verify"]));
    // 20 bills, and the state sealed with them: the tariff, 20 connections, 20 meters, the
    // settings, the series and what the test changed of them.
    assert!(verify.contains("Libro íntegro: 65 eslabones"), "{verify}");
    assert!(verify.contains("La revisión quedó sellada en la cadena"), "{verify}");
    // The next whole check re-reads the seal too.
    let again = ok(&caudal(&db, &["ledger", "verify"]));
    assert!(again.contains("Libro íntegro: 66 eslabones"), "{again}");
    let shown = ok(&caudal(&db, &["--lang", "en", "tariff", "show", "--period", "2026-01"]));
    assert!(
        shown.contains("RCD 022-2015-SUNASS-CD") && shown.contains("0–10 m³ S/ 1.116") && shown.contains("IGV 18 %"),
        "{shown}"
    );
    let review = ok(&caudal(&db, &["billing", "review", "--period", "2026-01"]));
    assert!(review.contains("No hay lecturas retenidas"));
}

#[test]
fn errors_are_sentences_with_a_non_zero_exit_and_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no.db");
    let out = caudal(&missing, &["ledger", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("No hay un libro"));
    let out = caudal(&missing, &["--lang", "en", "billing", "run", "--period", "2026-13"]);
    assert_eq!(out.status.code(), Some(2));
    let db = town(dir.path(), 3);
    let junk = dir.path().join("junk.csv");
    for bytes in [
        &b"\xff\xfe\x00\x00garbage"[..],
        b"cuenta;periodo;lectura;fecha\n01-00000;2026-02;99999999999999999999999999999;01/02/2026\n",
        b"\"unterminated,quote\n1,2\n",
        b"account,period,reading,read_on\n01-00001,2026-02,30,2026-02-28\n01-00001,2026-02,31,2026-02-28\n",
    ] {
        std::fs::write(&junk, bytes).unwrap();
        for cmd in [["readings", "import"], ["customers", "import"]] {
            let out = caudal(&db, &[cmd[0], cmd[1], junk.to_str().unwrap()]);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{stderr}");
            assert!(
                !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
                "{stderr}"
            );
            assert!(!stderr.trim().is_empty());
        }
    }
    let out = caudal(&db, &["--json", "readings", "import", junk.to_str().unwrap()]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["error"]["code"], "invalid_rows");
    assert_eq!(doc["error"]["rows"][0]["line"], 3);
    // A rejects file that cannot be written, or the input itself, is refused before any row
    // is stored (else the good rows would be in and the bad ones lost, or the input overwritten).
    let input_before = std::fs::read(&junk).unwrap();
    for bad in [dir.path().join("no-existe/rechazadas.csv"), junk.clone()] {
        let out = caudal(
            &db,
            &[
                "readings",
                "import",
                junk.to_str().unwrap(),
                "--skip-invalid",
                bad.to_str().unwrap(),
            ],
        );
        assert!(!out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("no se importó nada") || err.contains("No se importó nada") || err.contains("no se hizo nada"),
            "{err}"
        );
    }
    assert_eq!(std::fs::read(&junk).unwrap(), input_before, "the input is intact");
    // The rows with a reason go to the rejects file, the good ones are written (so none were
    // written above).
    let rejects = dir.path().join("rechazadas.csv");
    let out = caudal(
        &db,
        &[
            "readings",
            "import",
            junk.to_str().unwrap(),
            "--skip-invalid",
            rejects.to_str().unwrap(),
        ],
    );
    assert!(ok(&out).contains("1 nueva,"));
    assert!(
        std::fs::read_to_string(&rejects)
            .unwrap()
            .contains("ya trae otra lectura")
    );
    let out = caudal(&db, &["init", "--operator", "X", "--town", "Y"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no se sobrescribe"));
}

fn bill_numbers(db: &Path) -> Vec<i64> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn.prepare("SELECT id FROM bills ORDER BY id").unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

#[test]
fn killing_a_billing_run_at_random_moments_leaves_a_whole_ledger() {
    const CONNECTIONS: usize = 1500;
    let dir = tempfile::tempdir().unwrap();
    let template = town(dir.path(), CONNECTIONS);
    let work = dir.path().join("work.db");
    let issue = [
        "billing",
        "run",
        "--period",
        "2026-01",
        "--issue",
        "--date",
        "2026-02-03",
    ];
    // How long an undisturbed run takes, to spread the kills over it.
    std::fs::copy(&template, &work).unwrap();
    let started = std::time::Instant::now();
    ok(&caudal(&work, &issue));
    let full = started.elapsed().as_millis() as u64 + 20;
    let mut rng = Lcg(2026);
    let (mut whole, mut none) = (0, 0);
    for round in 0..50 {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", work.display()));
        }
        std::fs::copy(&template, &work).unwrap();
        let mut child = common::caudal_command()
            .arg("--db")
            .arg(&work)
            .args(issue)
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(rng.next(full)));
        let _ = child.kill(); // SIGKILL: no destructor, no rollback code runs
        let _ = child.wait();
        let verify = caudal(&work, &["ledger", "verify"]);
        assert!(
            verify.status.success(),
            "round {round}: {}",
            String::from_utf8_lossy(&verify.stdout)
        );
        let numbers = bill_numbers(&work);
        match numbers.len() {
            0 => none += 1,
            CONNECTIONS => whole += 1,
            n => panic!("round {round}: a half-issued run of {n} bills"),
        }
        assert_eq!(
            numbers,
            (1..=numbers.len() as i64).collect::<Vec<_>>(),
            "round {round}: gapless"
        );
        // Issuing again completes the run without a duplicate or a gap.
        ok(&caudal(&work, &issue));
        assert_eq!(bill_numbers(&work), (1..=CONNECTIONS as i64).collect::<Vec<_>>());
    }
    eprintln!("crash test: {whole} runs complete, {none} runs absent at the kill, of 50");
    assert_eq!(whole + none, 50);
}

#[test]
fn killing_a_counter_payment_at_random_moments_leaves_receipt_and_payment_together() {
    let dir = tempfile::tempdir().unwrap();
    let db = town(dir.path(), 5);
    ok(&caudal(
        &db,
        &[
            "billing",
            "run",
            "--period",
            "2026-01",
            "--issue",
            "--date",
            "2026-02-03",
        ],
    ));
    let pay = [
        "payments",
        "record",
        "--account",
        "01-00001",
        "--amount",
        "12.50",
        "--date",
        "2026-02-10",
    ];
    let started = std::time::Instant::now();
    ok(&caudal(&db, &pay));
    let full = started.elapsed().as_millis() as u64 + 10;
    let conn = || rusqlite::Connection::open(&db).unwrap();
    let mut rng = Lcg(7);
    let mut expected = 1;
    for round in 0..50 {
        let mut child = common::caudal_command().arg("--db").arg(&db).args(pay).spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(rng.next(full)));
        let _ = child.kill();
        let _ = child.wait();
        let (count, max, next): (i64, i64, i64) = conn()
            .query_row(
                "SELECT count(*), coalesce(max(id), 0), (SELECT next FROM series WHERE kind = 'receipt') FROM payments",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert!(
            count == expected || count == expected + 1,
            "round {round}: {count} payments"
        );
        assert_eq!(
            (count, next),
            (max, max + 1),
            "round {round}: receipts gapless and the counter follows"
        );
        expected = count;
        let verify = caudal(&db, &["ledger", "verify"]);
        assert!(
            verify.status.success(),
            "round {round}: {}",
            String::from_utf8_lossy(&verify.stdout)
        );
    }
}

#[test]
fn a_targets_login_is_not_who_acts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("caudal.db");
    ok(&caudal(
        &db,
        &["init", "--operator", "Aguas de Prueba S.A.C.", "--town", "Villa Prueba"],
    ));
    let password = "la clave de ana";
    let added = common::caudal_command()
        .arg("--db")
        .arg(&db)
        .args(["users", "add", "ana", "--role", "admin"])
        .env("CAUDAL_PASSWORD", password)
        .env_remove("CAUDAL_DB")
        .output()
        .unwrap();
    ok(&added);
    let out = common::caudal_command()
        .arg("--db")
        .arg(&db)
        .env("CAUDAL_PASSWORD", password)
        .args([
            "--user",
            "ana",
            "outbox",
            "target",
            "add",
            "https://nube.example.invalid/dav",
            "--login",
            "operador",
            "--password-from-env",
        ])
        .env("CAUDAL_TARGET_PASSWORD", "secreto")
        .env_remove("CAUDAL_DB")
        .output()
        .unwrap();
    ok(&out);
    let targets = json(&caudal(&db, &["--json", "outbox", "target", "list"]));
    assert_eq!(targets[0]["username"], "operador", "{targets}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let actor: String = conn
        .query_row("SELECT actor FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(actor, "ana", "the audit names who acted, not the server's login");
}

/// A newcomer reads the README in a clone: every document it and `docs/` name is in the clone.
#[test]
fn the_readme_and_docs_name_only_documents_a_clone_has() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut texts = vec![(
        "README.md".to_string(),
        std::fs::read_to_string(root.join("README.md")).unwrap(),
    )];
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        let name = format!("docs/{}", path.file_name().unwrap().to_string_lossy());
        texts.push((name, std::fs::read_to_string(&path).unwrap()));
    }
    let mut missing = Vec::new();
    for (name, text) in &texts {
        assert!(!text.contains("../shared"), "{name} links outside the clone");
        let base = if name.starts_with("docs/") {
            root.join("docs")
        } else {
            root.clone()
        };
        for word in text.split(|c: char| c.is_whitespace() || "`()[],;".contains(c)) {
            let word = word.trim_end_matches(['.', ':']);
            if !word.ends_with(".md") || word.starts_with("http") {
                continue;
            }
            // Beside the document, or from the top of the clone.
            if !base.join(word).exists() && !root.join(word).exists() {
                missing.push(format!("{name}: {word}"));
            }
        }
    }
    assert!(missing.is_empty(), "named but not in the clone: {missing:#?}");
}

/// `restore` says what the copy lacks before replacing anything (the receipt numbers issued
/// since would be issued again to other customers) and does it only with `--confirm`; a copy
/// of another ledger needs `--other-ledger`.
#[test]
fn a_restore_that_would_lose_receipts_says_so_and_waits_for_confirm() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo(dir.path(), 10, 1);
    let copy = dir.path().join("copia.db");
    ok(&caudal(&db, &["backup", "--out", copy.to_str().unwrap()]));
    let account: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT min(account) FROM connections", [], |r| r.get(0))
        .unwrap();
    ok(&caudal(
        &db,
        &["payments", "record", "--account", &account, "--amount", "5.00"],
    ));
    let head = || -> String {
        rusqlite::Connection::open(&db)
            .unwrap()
            .query_row("SELECT hash FROM chain ORDER BY seq DESC LIMIT 1", [], |r| r.get(0))
            .unwrap()
    };
    let before = head();
    let refused = caudal(&db, &["restore", copy.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(
        said.contains("comprobantes de pago: se perdería 1, hasta el R001-"),
        "{said}"
    );
    assert!(
        said.contains("--confirm") && said.contains("nada se reemplazó"),
        "{said}"
    );
    assert_eq!(head(), before, "nothing replaced");

    let other = dir.path().join("otro.db");
    ok(&caudal(
        &other,
        &["init", "--operator", "Otro Operador", "--town", "Otro Pueblo"],
    ));
    let refused = caudal(&db, &["restore", "--confirm", other.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("Otro Operador en Otro Pueblo") && said.contains("--other-ledger"),
        "{said}"
    );
    assert_eq!(head(), before, "nothing replaced");

    let done = ok(&caudal(&db, &["restore", "--confirm", copy.to_str().unwrap()]));
    assert!(
        done.contains("Libro restaurado") && done.contains("se perdería 1"),
        "{done}"
    );
    assert_ne!(head(), before);
}
