//! Faults the office laptop meets, made on purpose: the process killed (kill -9) at random
//! moments of every kind of write, a full disk (a small tmpfs) and a read-only folder. After
//! each fault the ledger verifies, numbering is gapless, and every operation is whole or
//! absent. Bounded in rounds and time so the suite stays short; each test prints its figures.

#![allow(clippy::unwrap_used)]

mod common;
use common::{Lcg, caudal, demo, kill_after, ok};

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn db(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

fn count(path: &Path, sql: &str) -> i64 {
    db(path).query_row(sql, [], |r| r.get(0)).unwrap()
}

fn verified(path: &Path, what: &str) {
    let out = caudal(path, &["ledger", "verify"]);
    assert!(
        out.status.success(),
        "{what}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `args` to completion once to learn how long it takes, then `rounds` times killed at a
/// random moment within that time; `check(before, after)` compares a count taken around each
/// kill. Returns how many rounds left the operation whole (the others left it absent).
fn kill_rounds(db: &Path, args: &[String], rounds: u32, seed: u64, measure: &dyn Fn() -> i64) -> (u32, u32) {
    let started = Instant::now();
    ok(&caudal(db, &args.iter().map(String::as_str).collect::<Vec<_>>()));
    // Up to half again as long: most kills land inside the write, some just after it.
    let full = started.elapsed().as_millis() as u64 * 3 / 2 + 5;
    let mut rng = Lcg(seed);
    let (mut whole, mut absent) = (0, 0);
    let deadline = Instant::now() + Duration::from_secs(40);
    for round in 0..rounds {
        if Instant::now() > deadline {
            break;
        }
        let before = measure();
        kill_after(db, args, rng.next(full));
        let after = measure();
        assert!(
            after == before || after == before + 1,
            "{args:?} round {round}: {before} → {after}"
        );
        if after == before {
            absent += 1
        } else {
            whole += 1
        }
        verified(db, &format!("{args:?} round {round}"));
    }
    (whole, absent)
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

/// The accounts of a demo town, sorted.
fn accounts(db_path: &Path) -> Vec<String> {
    let conn = db(db_path);
    let mut s = conn
        .prepare("SELECT account FROM connections ORDER BY account")
        .unwrap();
    s.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
}

#[test]
fn every_kind_of_write_killed_at_random_moments_is_whole_or_absent() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo(dir.path(), 40, 3);
    let acc = accounts(&ledger);
    let mut report = Vec::new();

    // A reversal: each round reverses the next of a stock of payments.
    for i in 0..14 {
        ok(&caudal(
            &ledger,
            &[
                "payments",
                "record",
                "--account",
                &acc[i % acc.len()],
                "--amount",
                "1.00",
            ],
        ));
    }
    let first: i64 = count(&ledger, "SELECT max(id) FROM payments") - 13;
    let number = |id: i64| format!("R001-{id:08}");
    let mut next = first;
    let reversals = || count(&ledger, "SELECT count(*) FROM payments WHERE reverses IS NOT NULL");
    let mut stats = (0, 0);
    for round in 0..12 {
        let args = strings(&[
            "payments",
            "reverse",
            "--receipt",
            &number(next),
            "--reason",
            "billete falso",
        ]);
        let (w, a) = if round == 0 {
            kill_rounds(&ledger, &args, 0, 1, &reversals)
        } else {
            kill_rounds_once(&ledger, &args, round, &reversals)
        };
        stats.0 += w;
        stats.1 += a;
        // Whatever happened, the next round reverses a payment not yet reversed.
        while count(
            &ledger,
            &format!("SELECT count(*) FROM payments WHERE reverses = {next}"),
        ) > 0
        {
            next += 1;
        }
    }
    report.push(("reversal", stats));

    let bill: String = db(&ledger)
        .query_row("SELECT number FROM bills ORDER BY id DESC LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let notes = || count(&ledger, "SELECT count(*) FROM notes");
    let args = strings(&[
        "note", "--bill", &bill, "--kind", "debit", "--water", "0.10", "--reason", "lectura",
    ]);
    report.push(("note", kill_rounds(&ledger, &args, 12, 2, &notes)));

    let spent = || count(&ledger, "SELECT count(*) FROM fund_spending");
    let args = strings(&[
        "fund",
        "spend",
        "--purpose",
        "environment",
        "--amount",
        "0.01",
        "--description",
        "Plantones",
        "--document",
        "Boleta 9",
        "--approved-by",
        "JVC",
    ]);
    report.push(("fund spending", kill_rounds(&ledger, &args, 12, 3, &spent)));

    let payments = || count(&ledger, "SELECT count(*) FROM payments");
    let args = strings(&["payments", "record", "--account", &acc[1], "--amount", "2.50"]);
    report.push(("payment", kill_rounds(&ledger, &args, 12, 4, &payments)));

    // Service events: a cut, then a reconnection, alternately; the status follows the events.
    let events = || count(&ledger, "SELECT count(*) FROM service_events");
    let mut stats = (0, 0);
    for round in 0..12u32 {
        let cut = count(
            &ledger,
            &format!(
                "SELECT count(*) FROM connections WHERE account = '{}' AND status = 'cut'",
                acc[2]
            ),
        );
        let action = if cut == 1 { "reconnect" } else { "cut" };
        let args = strings(&["service", action, "--account", &acc[2], "--reason", "prueba"]);
        let (w, a) = if round == 0 {
            kill_rounds(&ledger, &args, 0, 5, &events)
        } else {
            kill_rounds_once(&ledger, &args, round, &events)
        };
        stats.0 += w;
        stats.1 += a;
        let (last, status): (String, String) = db(&ledger)
            .query_row(
                "SELECT e.kind, c.status FROM service_events e JOIN connections c ON c.id = e.connection_id
                  WHERE c.account = ?1 ORDER BY e.id DESC LIMIT 1",
                [&acc[2]],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let pair = (last.as_str(), status.as_str());
        assert!(
            pair == ("cut", "cut") || pair == ("reconnect", "active"),
            "{last} / {status}"
        );
    }
    report.push(("service event", stats));

    // A backup killed: the named file is either absent or a whole ledger that verifies.
    let mut stats = (0, 0);
    let mut rng = Lcg(6);
    let started = Instant::now();
    ok(&caudal(
        &ledger,
        &["backup", "--out", dir.path().join("medida.db").to_str().unwrap()],
    ));
    let full = started.elapsed().as_millis() as u64 + 5;
    for round in 0..10 {
        let out = dir.path().join(format!("copia-{round}.db"));
        kill_after(&ledger, &["backup", "--out", out.to_str().unwrap()], rng.next(full));
        if out.exists() {
            verified(&out, "backup");
            stats.0 += 1;
        } else {
            stats.1 += 1;
        }
    }
    report.push(("backup", stats));

    // A restore killed: the live ledger is the old one or the copy, whole, and verifies.
    let copy = dir.path().join("para-restaurar.db");
    ok(&caudal(&ledger, &["backup", "--out", copy.to_str().unwrap()]));
    ok(&caudal(
        &ledger,
        &["payments", "record", "--account", &acc[3], "--amount", "3.00"],
    ));
    let head = |p: &Path| -> String {
        db(p)
            .query_row("SELECT hash FROM chain ORDER BY seq DESC LIMIT 1", [], |r| r.get(0))
            .unwrap()
    };
    let (copy_head, mut stats, mut rng) = (head(&copy), (0, 0), Lcg(7));
    let scratch = dir.path().join("medida-restaurada.db");
    std::fs::copy(&ledger, &scratch).unwrap();
    let started = Instant::now();
    ok(&caudal(&scratch, &["restore", "--confirm", copy.to_str().unwrap()]));
    let full = started.elapsed().as_millis() as u64 + 5;
    for round in 0..8 {
        let live_head = head(&ledger);
        kill_after(
            &ledger,
            &["restore", "--confirm", copy.to_str().unwrap()],
            rng.next(full),
        );
        let now = head(&ledger);
        assert!(now == live_head || now == copy_head, "restore round {round}");
        if now == copy_head && live_head != copy_head {
            stats.0 += 1
        } else {
            stats.1 += 1
        }
        verified(&ledger, &format!("restore round {round}"));
        // Back to a ledger that differs from the copy, for the next round.
        if head(&ledger) == copy_head {
            ok(&caudal(
                &ledger,
                &["payments", "record", "--account", &acc[3], "--amount", "3.00"],
            ));
        }
    }
    report.push(("restore", stats));

    // A bundle killed while it is made: revisions are whole or absent.
    ok(&caudal(
        &ledger,
        &["key", "generate", "--out", dir.path().to_str().unwrap()],
    ));
    let bundles = || count(&ledger, "SELECT count(*) FROM bundles");
    let mut stats = (0, 0);
    for round in 0..8u32 {
        // A new connection changes the month's data, so each round makes a new revision.
        let csv = dir.path().join(format!("nuevo-{round}.csv"));
        std::fs::write(
            &csv,
            format!("account,name,address,sector,category,metered,sewer,subsidized\n99-{round:04},Nueva {round},Jr. Nuevo,Centro,domestico,no,no,no\n"),
        )
        .unwrap();
        ok(&caudal(&ledger, &["customers", "import", csv.to_str().unwrap()]));
        let args = strings(&["bundle", "create", "--period", "2026-11"]);
        let (w, a) = if round == 0 {
            kill_rounds(&ledger, &args, 0, 8, &bundles)
        } else {
            kill_rounds_once(&ledger, &args, round, &bundles)
        };
        stats.0 += w;
        stats.1 += a;
    }
    report.push(("bundle creation", stats));

    // A migration killed: the ledger of the previous release is migrated whole or not at all.
    let mut stats = (0, 0);
    let mut rng = Lcg(9);
    for round in 0..8 {
        let old = dir.path().join(format!("v3-{round}.db"));
        std::fs::copy(
            concat!(env!("CARGO_MANIFEST_DIR"), "/../core/tests/fixtures/ledger-v3.db"),
            &old,
        )
        .unwrap();
        kill_after(&old, &["ledger", "verify"], rng.next(250));
        let version: i64 = db(&old).query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        if version == 3 {
            stats.1 += 1
        } else {
            stats.0 += 1
        }
        verified(&old, &format!("migration round {round}"));
        let balance = ok(&caudal(&old, &["--json", "statement", "--account", "02-00003"]));
        assert!(balance.contains("\"balance\": \"0.00\""), "{balance}");
    }
    report.push(("migration", stats));

    for (kind, (whole, absent)) in &report {
        println!("kill -9 during {kind}: {whole} whole, {absent} absent, ledger verified after each");
    }
}

/// One killed round at a moment chosen by `round`, for writes whose arguments change every
/// round (the first call of [`kill_rounds`] measured how long one takes).
fn kill_rounds_once(db: &Path, args: &[String], round: u32, measure: &dyn Fn() -> i64) -> (u32, u32) {
    let before = measure();
    kill_after(db, args, Lcg(u64::from(round) * 7919).next(300));
    let after = measure();
    assert!(
        after == before || after == before + 1,
        "{args:?} round {round}: {before} → {after}"
    );
    verified(db, &format!("{args:?} round {round}"));
    if after == before { (0, 1) } else { (1, 0) }
}

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

/// Runs `args` with the fault placed in the write named `action` (the process stops dead just
/// before that write commits, every statement of it made): nothing of it is in the ledger, the
/// head has not moved and the ledger verifies. Then the same command, unhindered, does it whole.
fn stopped_before_commit(db_path: &Path, action: &str, args: &[&str], count_sql: &str) {
    let head = || -> String {
        db(db_path)
            .query_row("SELECT hash FROM chain ORDER BY seq DESC LIMIT 1", [], |r| r.get(0))
            .unwrap()
    };
    let (before, head_before) = (count(db_path, count_sql), head());
    let out = common::caudal_command()
        .arg("--db")
        .arg(db_path)
        .args(args)
        .env_remove("CAUDAL_DB")
        .env("CAUDAL_KEY_PASSPHRASE", common::PASS)
        .env("CAUDAL_FAULT", action)
        .output()
        .unwrap();
    assert!(
        out.status.code().is_none(),
        "{action}: the fault was not reached inside the write: {out:?}"
    );
    assert_eq!(
        count(db_path, count_sql),
        before,
        "{action}: nothing of the stopped write is kept"
    );
    assert_eq!(head(), head_before, "{action}: the chain did not move");
    verified(db_path, action);
    ok(&caudal(db_path, args));
    assert_eq!(
        count(db_path, count_sql),
        before + 1,
        "{action}: done whole the second time"
    );
}

#[test]
fn every_kind_of_write_stopped_just_before_its_commit_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo(dir.path(), 40, 3);
    let acc = accounts(&ledger);
    let last: String = db(&ledger)
        .query_row("SELECT max(period) FROM bills", [], |r| r.get(0))
        .unwrap();
    let bill: String = db(&ledger)
        .query_row("SELECT number FROM bills ORDER BY id DESC LIMIT 1", [], |r| r.get(0))
        .unwrap();
    stopped_before_commit(
        &ledger,
        "payments.record",
        &["payments", "record", "--account", &acc[1], "--amount", "2.50"],
        "SELECT count(*) FROM payments",
    );
    let receipt = format!("R001-{:08}", count(&ledger, "SELECT max(id) FROM payments"));
    stopped_before_commit(
        &ledger,
        "payments.reverse",
        &[
            "payments",
            "reverse",
            "--receipt",
            &receipt,
            "--reason",
            "billete falso",
        ],
        "SELECT count(*) FROM payments WHERE reverses IS NOT NULL",
    );
    stopped_before_commit(
        &ledger,
        "notes.issue",
        &[
            "note", "--bill", &bill, "--kind", "debit", "--water", "0.10", "--reason", "lectura",
        ],
        "SELECT count(*) FROM notes",
    );
    stopped_before_commit(
        &ledger,
        "fund.spend",
        &[
            "fund",
            "spend",
            "--purpose",
            "environment",
            "--amount",
            "0.01",
            "--description",
            "Plantones",
            "--document",
            "Boleta 9",
            "--approved-by",
            "JVC",
        ],
        "SELECT count(*) FROM fund_spending",
    );
    stopped_before_commit(
        &ledger,
        "service.cut",
        &["service", "cut", "--account", &acc[2], "--reason", "prueba"],
        "SELECT count(*) FROM service_events",
    );
    let csv = dir.path().join("nuevo.csv");
    std::fs::write(
        &csv,
        "account,name,address,sector,category,metered,sewer,subsidized\n99-0001,Nueva,Jr. Nuevo,Centro,domestico,no,no,no\n",
    )
    .unwrap();
    stopped_before_commit(
        &ledger,
        "customers.import",
        &["customers", "import", csv.to_str().unwrap()],
        "SELECT count(*) FROM connections",
    );
    ok(&caudal(
        &ledger,
        &["key", "generate", "--out", dir.path().to_str().unwrap()],
    ));
    stopped_before_commit(
        &ledger,
        "bundle.create",
        &["bundle", "create", "--period", &last],
        "SELECT count(*) FROM bundles",
    );
    let closed = count(
        &ledger,
        &format!("SELECT count(*) FROM closed_months WHERE period = '{last}'"),
    );
    assert_eq!(closed, 1, "the bundle closed its month once, when it was made");
}
