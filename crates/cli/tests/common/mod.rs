//! What the command-line test files share: running `caudal` on a ledger, and reading its
//! answer as a person or a script would.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The passphrase of the signing keys the tests create.
pub const PASS: &str = "frase de paso de prueba";

/// The moment every test's `caudal` takes as now (`CAUDAL_NOW`): what a test checks never
/// depends on the day or the time zone it runs in.
pub const NOW: &str = "2026-12-08T10:00:00-05:00";

/// The month before [`NOW`]'s: the last one a demo town has billed.
pub fn last_month() -> caudal_core::Period {
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap();
    caudal_core::Period::of(now.date_naive()).prev()
}

/// The `caudal` under test, its clock stopped at [`NOW`].
pub fn caudal_command() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_caudal"));
    c.env("CAUDAL_NOW", NOW);
    c
}

/// `caudal --db DB ARGS…`, with no ledger from the environment and the tests' passphrase.
pub fn caudal(db: &Path, args: &[&str]) -> Output {
    caudal_command()
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("CAUDAL_DB")
        .env("CAUDAL_KEY_PASSPHRASE", PASS)
        .output()
        .unwrap()
}

/// The standard output of a command that must have succeeded.
pub fn ok(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "failed: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// The error of a command that must have been refused: a sentence, never a panic.
pub fn refused(out: &Output) -> String {
    assert!(
        !out.status.success(),
        "should be refused: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("Error interno"), "a panic: {err}");
    err
}

/// Builds a demo town of `connections` over `months` months in `dir/demo`; returns its ledger.
pub fn demo(dir: &Path, connections: u32, months: u32) -> PathBuf {
    let out = dir.join("demo");
    let (c, m) = (connections.to_string(), months.to_string());
    ok(&caudal_command()
        .args([
            "demo",
            "--out",
            out.to_str().unwrap(),
            "--connections",
            &c,
            "--months",
            &m,
        ])
        .output()
        .unwrap());
    out.join("caudal-demo.db")
}

/// A small deterministic generator, so a failing round of a kill test can be replayed.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below.max(1)
    }
}

/// Starts `caudal --db DB ARGS…` quietly, kills it (kill -9) after `millis` ms, and waits.
pub fn kill_after<S: AsRef<std::ffi::OsStr>>(db: &Path, args: &[S], millis: u64) {
    let mut child = caudal_command()
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("CAUDAL_DB")
        .env("CAUDAL_KEY_PASSPHRASE", PASS)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(millis));
    let _ = child.kill();
    let _ = child.wait();
}

pub fn db(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

pub fn count(path: &Path, sql: &str) -> i64 {
    db(path).query_row(sql, [], |r| r.get(0)).unwrap()
}

pub fn verified(path: &Path, what: &str) {
    let out = caudal(path, &["ledger", "verify"]);
    assert!(
        out.status.success(),
        "{what}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

/// The accounts of a demo town, sorted.
pub fn accounts(db_path: &Path) -> Vec<String> {
    let conn = db(db_path);
    let mut s = conn
        .prepare("SELECT account FROM connections ORDER BY account")
        .unwrap();
    s.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
}
