//! The disk the office laptop has: full (a small tmpfs), read-only, or already holding the
//! ledger, a backup or a stranger's file where an output is named. Each writes nothing
//! half-done and overwrites nothing it did not create.

#![allow(clippy::unwrap_used)]

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A tmpfs of `kib` KiB mounted at a new folder; unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn new(parent: &Path, kib: u32) -> Tmpfs {
        let at = parent.join("disco");
        std::fs::create_dir_all(&at).unwrap();
        let out = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={kib}k"),
                "tmpfs",
                at.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "the disk-full tests mount a small tmpfs, which needs root (CI runs as root): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Tmpfs(at)
    }

    fn remount(&self, options: &str) {
        let out = Command::new("mount")
            .args(["-o", &format!("remount,{options}"), self.0.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Fills the file system at `dir` until fewer than `leave` bytes are free.
fn fill(dir: &Path, leave: u64) -> PathBuf {
    let filler = dir.join("relleno.bin");
    let mut f = std::fs::File::create(&filler).unwrap();
    let chunk = vec![0u8; 4096];
    loop {
        let stat = Command::new("df")
            .args(["--output=avail", "-B1", dir.to_str().unwrap()])
            .output()
            .unwrap();
        let avail: u64 = String::from_utf8_lossy(&stat.stdout)
            .lines()
            .nth(1)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        if avail < leave {
            break;
        }
        if std::io::Write::write_all(&mut f, &chunk).is_err() {
            break;
        }
    }
    let _ = f.sync_all();
    filler
}

/// A ledger at `db` with the SEDAPAL tariff and `n` metered customers whose January readings
/// are in, January not yet issued.
fn town_at(db: &Path, n: usize) {
    ok(&caudal(
        db,
        &["init", "--operator", "Aguas de Prueba S.A.C.", "--town", "Villa Prueba"],
    ));
    let dir = db.parent().unwrap();
    let tariff = dir.join("tarifa.toml");
    std::fs::write(&tariff, include_str!("../../core/tests/fixtures/sedapal.toml")).unwrap();
    ok(&caudal(db, &["tariff", "import", tariff.to_str().unwrap()]));
    let mut customers =
        String::from("cuenta;nombre;direccion;sector;categoria;medidor;serie_medidor;lectura_inicial;desague\n");
    let mut readings = String::from("cuenta;periodo;lectura;fecha\n");
    for i in 0..n {
        customers.push_str(&format!(
            "01-{i:05};Vecino {i};Jr. Grau {i};Centro;domestico;si;M{i};0;si\n"
        ));
        readings.push_str(&format!("01-{i:05};2026-01;{};31/01/2026\n", 5 + i % 30));
    }
    for (name, text) in [("clientes.csv", customers), ("lecturas.csv", readings)] {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let kind = if name.starts_with("clientes") {
            "customers"
        } else {
            "readings"
        };
        ok(&caudal(db, &[kind, "import", path.to_str().unwrap()]));
        std::fs::remove_file(&path).unwrap();
    }
    std::fs::remove_file(&tariff).unwrap();
}

#[test]
fn a_full_disk_and_a_read_only_folder_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let disk = Tmpfs::new(dir.path(), 4096);
    let ledger = disk.0.join("caudal.db");
    town_at(&ledger, 600);
    let acc = accounts(&ledger);

    // Issuing January on a full disk: all of the run or none of it, and a sentence.
    let filler = fill(&disk.0, 24 * 1024);
    let issue = [
        "billing",
        "run",
        "--period",
        "2026-01",
        "--issue",
        "--date",
        "2026-02-03",
    ];
    let out = caudal(&ledger, &issue);
    std::fs::remove_file(&filler).unwrap();
    let bills = count(&ledger, "SELECT count(*) FROM bills");
    let issue_refused = !out.status.success();
    if issue_refused {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("disco") && !err.contains("panicked"), "{err}");
        assert_eq!(bills, 0, "nothing of the run");
    } else {
        assert_eq!(bills, 600, "the whole run");
    }
    verified(&ledger, "after issuing on a full disk");
    if issue_refused {
        ok(&caudal(&ledger, &issue));
    }

    // Payments until the disk refuses one: the refusal is a clear sentence, nothing is lost.
    let before = count(&ledger, "SELECT count(*) FROM payments");
    let filler = fill(&disk.0, 96 * 1024);
    let mut recorded = 0;
    let mut refusal = String::new();
    for i in 0..2000 {
        let out = caudal(
            &ledger,
            &[
                "payments",
                "record",
                "--account",
                &acc[i % acc.len()],
                "--amount",
                "1.00",
            ],
        );
        if out.status.success() {
            recorded += 1;
            continue;
        }
        refusal = String::from_utf8_lossy(&out.stderr).into_owned();
        break;
    }
    assert!(
        refusal.contains("disco") && !refusal.contains("panicked"),
        "{recorded} payments, then: {refusal}"
    );
    // A backup into the full disk: refused, and no file under the asked name.
    let out_copy = disk.0.join("copia.db");
    let out = caudal(&ledger, &["backup", "--out", out_copy.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(!out_copy.exists(), "nothing half-written");
    std::fs::remove_file(&filler).unwrap();
    verified(&ledger, "after the disk was full");
    assert_eq!(
        count(&ledger, "SELECT count(*) FROM payments") - before,
        recorded,
        "every payment said recorded is there, no other"
    );

    // Read-only: a write is refused with a sentence; the ledger is untouched.
    disk.remount("ro");
    let out = caudal(
        &ledger,
        &["payments", "record", "--account", &acc[0], "--amount", "1.00"],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("solo lectura"), "{err}");
    // ...while everything that only reads still works: the statement, the Board's report, a
    // copy taken off to a folder that can be written.
    let statement = caudal(&ledger, &["statement", "--account", &acc[0]]);
    ok(&statement);
    assert!(String::from_utf8_lossy(&statement.stdout).contains("Saldo"));
    let elsewhere = tempfile::tempdir().unwrap();
    let report = elsewhere.path().join("junta.pdf");
    ok(&caudal(
        &ledger,
        &[
            "report",
            "ncb",
            "--period",
            "2026-01",
            "--out",
            report.to_str().unwrap(),
        ],
    ));
    assert!(report.is_file());
    let copy = elsewhere.path().join("copia.db");
    ok(&caudal(&ledger, &["backup", "--out", copy.to_str().unwrap()]));
    verified(&copy, "the copy taken off a read-only folder");
    disk.remount("rw");
    verified(&ledger, "after the folder was read-only");
    println!(
        "full disk: issue {}; {recorded} payments fitted, the next refused; a backup refused with no file left; read-only refused",
        if issue_refused { "refused whole" } else { "fitted whole" }
    );
}

/// `bills export --out caudal.db` once left a CSV where the books were, exit 0, even under
/// `--dry-run`. No output lands on the ledger, its journal, a backup, or a file Caudal did
/// not write unless `--force` is given.
#[test]
fn no_output_is_written_over_the_ledger_a_backup_or_a_strangers_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo(dir.path(), 5, 1);
    let before = std::fs::read(&db).unwrap();
    let period = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.query_row("SELECT max(period) FROM bills", [], |r| r.get::<_, String>(0))
            .unwrap()
    };
    let ledger = db.to_str().unwrap();
    let wal = format!("{ledger}-wal");
    for args in [
        vec!["bills", "export", "--period", &period, "--out", ledger],
        vec!["bills", "export", "--period", &period, "--out", &wal],
        vec!["accounts", "export", "--out", ledger],
        vec!["readings", "import", "x.csv", "--skip-invalid", ledger, "--dry-run"],
        vec!["--force", "bills", "export", "--period", &period, "--out", ledger],
    ] {
        let msg = common::refused(&common::caudal(&db, &args));
        assert!(
            msg.contains("libro") && msg.contains("no se hizo nada"),
            "{args:?}: {msg}"
        );
    }
    assert_eq!(std::fs::read(&db).unwrap(), before, "the ledger is untouched");
    // A backup is a database: never written over.
    let backup = dir.path().join("copia.db");
    common::ok(&common::caudal(&db, &["backup", "--out", backup.to_str().unwrap()]));
    let copy = std::fs::read(&backup).unwrap();
    let msg = common::refused(&common::caudal(
        &db,
        &["--force", "accounts", "export", "--out", backup.to_str().unwrap()],
    ));
    assert!(msg.contains("base de datos"), "{msg}");
    assert_eq!(std::fs::read(&backup).unwrap(), copy);
    // A stranger's file only with --force; Caudal's own export is written again freely.
    let notes = dir.path().join("notas.csv");
    std::fs::write(&notes, "mis notas\n").unwrap();
    let msg = common::refused(&common::caudal(
        &db,
        &["accounts", "export", "--out", notes.to_str().unwrap()],
    ));
    assert!(msg.contains("--force"), "{msg}");
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "mis notas\n");
    common::ok(&common::caudal(
        &db,
        &["--force", "accounts", "export", "--out", notes.to_str().unwrap()],
    ));
    common::ok(&common::caudal(
        &db,
        &["accounts", "export", "--out", notes.to_str().unwrap()],
    ));
}

/// `payments record --receipt <unwritable path>` recorded the payment and exited 1; the clerk
/// retried and the customer paid twice. The path is checked before anything is recorded.
#[test]
fn a_receipt_that_cannot_be_written_records_no_payment() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo(dir.path(), 5, 1);
    let account: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT account FROM connections ORDER BY account LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let count = || -> i64 {
        rusqlite::Connection::open(&db)
            .unwrap()
            .query_row("SELECT count(*) FROM payments", [], |r| r.get(0))
            .unwrap()
    };
    let before = count();
    let nowhere = dir.path().join("no-existe").join("recibo.pdf");
    let msg = common::refused(&common::caudal(
        &db,
        &[
            "payments",
            "record",
            "--account",
            &account,
            "--amount",
            "5.00",
            "--receipt",
            nowhere.to_str().unwrap(),
        ],
    ));
    assert!(msg.contains("no se hizo nada"), "{msg}");
    assert_eq!(count(), before, "no payment without its receipt");
}
