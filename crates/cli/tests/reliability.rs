//! The process killed on purpose: kill -9 at random moments of every kind of write, and each
//! kind stopped dead just before its commit (the disk's faults are in `disks.rs`). After each
//! fault the ledger verifies, numbering is gapless, and every operation is whole or absent.
//! Bounded in rounds and time so the suite stays short; each test prints its figures.

#![allow(clippy::unwrap_used)]

mod common;
use common::{Lcg, accounts, caudal, count, db, demo, kill_after, ok, strings, verified};

use std::path::Path;
use std::time::{Duration, Instant};

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
