//! Backups and restore. A backup is made with SQLite's online backup API — never a file copy,
//! which can miss committed transactions still in the write-ahead log — from one consistent
//! snapshot (a run being issued meanwhile is in it whole or not at all), written under a
//! temporary name, verified (integrity check, the hash chain, record counts) and only then
//! given its name and recorded with its time, hash and chain head.
//!
//! Automatic backups go to `backups/` beside the ledger (and to a second folder from settings
//! when it is there): before every issuing run, before every migration, when the window closes
//! and once a day. The last `backup_keep_daily` days (default 7) and `backup_keep_monthly`
//! months (default 12) keep their newest backup; everything from today is kept.
//!
//! A restore verifies the copy completely before anything is replaced, keeps the replaced
//! ledger beside it under a name that says so, and refuses a file that is not a Caudal ledger
//! or comes from a newer version, leaving the live ledger untouched.

mod damage;
mod restore;

pub use damage::{Damage, damage};
pub use restore::{RestoreOutcome, RestorePreview, SeriesAtRestore, restore_preview};

use super::migrations::CURRENT_VERSION;
use super::{Ledger, SealedKinds};
use crate::access::{Actor, Permission};
use crate::error::ErrorCode;
use crate::error::{Error, Result, Text};
use crate::period::LocalClock;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Why a backup was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum BackupKind {
    /// A user asked for it.
    Manual,
    /// Before a month's bills are issued.
    BeforeIssue,
    /// Before the ledger is brought up to a newer schema.
    BeforeMigration,
    /// The day's copy.
    Daily,
    /// When the window closes.
    OnClose,
}

impl BackupKind {
    /// The kind as stored and in the copy's file name (`manual`, `before_issue`, `daily`…).
    pub fn code(self) -> &'static str {
        match self {
            BackupKind::Manual => "manual",
            BackupKind::BeforeIssue => "before_issue",
            BackupKind::BeforeMigration => "before_migration",
            BackupKind::Daily => "daily",
            BackupKind::OnClose => "on_close",
        }
    }
}

/// A backup as recorded in the ledger.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct BackupRecord {
    /// When it was taken (local time).
    pub taken_at: String,
    /// Why it was made ([`BackupKind`]'s code).
    pub kind: String,
    /// Where the copy is.
    pub path: String,
    /// Its size.
    pub bytes: u64,
    /// The copy's SHA-256, to check it later.
    pub sha256: String,
    /// The head of the hash chain the copy holds.
    pub chain_head: String,
    /// Records sealed in the chain when it was taken.
    pub links: u64,
    /// Whether the file is still where it was written.
    pub present: bool,
}

/// The settings backups own: the second folder (a USB stick, a shared drive; empty for none)
/// and how many daily and monthly backups are kept.
pub const SETTINGS: &[super::SettingRule] = &[
    super::SettingRule {
        key: "backup_folder",
        store_as: "backup_folder",
        check: |v| {
            if v.is_empty() || Path::new(v).is_absolute() {
                Ok(v.to_string())
            } else {
                Err(Error::invalid(
                    ErrorCode::SettingValue,
                    "La segunda carpeta de copias es una ruta completa (por ejemplo /media/usb o E:\\copias), o vacía.",
                    "The second backup folder is a full path (for example /media/usb or E:\\backups), or empty.",
                ))
            }
        },
    },
    super::SettingRule {
        key: "backup_keep_daily",
        store_as: "backup_keep_daily",
        check: keep_count,
    },
    super::SettingRule {
        key: "backup_keep_monthly",
        store_as: "backup_keep_monthly",
        check: keep_count,
    },
];

fn sha256_file(path: &Path) -> Result<(String, u64)> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let digest = Sha256::digest(&bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    Ok((hex, bytes.len() as u64))
}

/// Copies the database `from` into a new file at `to` with the online backup API, in one step
/// (one read snapshot), as a single file (no WAL beside it), synced.
fn copy_database(from: &Connection, to: &Path) -> Result<()> {
    let _ = std::fs::remove_file(to);
    let mut dst = Connection::open(to)?;
    {
        let backup = Backup::new(from, &mut dst)?;
        // -1: every page in one step, so the copy is one consistent snapshot.
        match backup.step(-1)? {
            StepResult::Done => {}
            _ => {
                return Err(refused(
                    "El libro está ocupado; no se pudo copiar. Intente de nuevo.".into(),
                    "The ledger is busy; it could not be copied. Try again.".into(),
                ));
            }
        }
    }
    dst.query_row("PRAGMA journal_mode=DELETE", [], |_| Ok(()))?;
    drop(dst);
    let f = std::fs::File::open(to).map_err(|e| Error::io(to, e))?;
    f.sync_all().map_err(|e| Error::io(to, e))?;
    Ok(())
}

/// What a ledger file is, read without changing it: refuses anything that is not a Caudal
/// ledger this version can open.
fn inspect(path: &Path) -> Result<i64> {
    let mut head = [0u8; 16];
    let read = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .map_err(|e| Error::io(path, e))?;
    if read < 16 || &head != b"SQLite format 3\0" {
        return Err(super::not_a_ledger(path, false));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > CURRENT_VERSION {
        return Err(refused(
            format!(
                "{} fue escrito por una versión más nueva de Caudal (versión {version} del libro; esta conoce hasta la {CURRENT_VERSION}); no se cambió nada.",
                path.display()
            ),
            format!(
                "{} was written by a newer Caudal (ledger version {version}; this one knows up to {CURRENT_VERSION}); nothing was changed.",
                path.display()
            ),
        ));
    }
    let operator: Option<String> = conn
        .query_row("SELECT value FROM settings WHERE key = 'operator'", [], |r| r.get(0))
        .optional()
        .unwrap_or(None);
    if version == 0 || operator.is_none() {
        return Err(super::not_a_ledger(path, true));
    }
    Ok(version)
}

/// Verifies a ledger copy completely: the integrity check, the hash chain and the counts.
/// The copy must be of this version (a backup just written, or a candidate already migrated
/// in a scratch copy).
fn verify_copy(path: &Path, sealed: &'static SealedKinds<'static>) -> Result<(String, u64)> {
    let ledger = Ledger::open_with(path, false, sealed)?;
    let report = ledger.verify()?;
    if !report.ok() {
        let first = report
            .problems
            .first()
            .map(|p| (p.reason.es.clone(), p.reason.en.clone()))
            .unwrap_or_else(|| {
                let said = report.integrity.clone().unwrap_or_default();
                (said.clone(), said)
            });
        return Err(refused(
            format!("La copia {} no pasa la verificación: {}.", path.display(), first.0),
            format!("The copy {} fails verification: {}.", path.display(), first.1),
        ));
    }
    Ok((report.head, report.links))
}

/// A temporary name beside `path`.
fn scratch(path: &Path, what: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{what}.tmp"))
}

fn remove_scratch(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

fn last_audit(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| r.get(0))?)
}

/// The folder of automatic backups of the ledger at `ledger_path`.
pub fn backups_dir(ledger_path: &Path) -> PathBuf {
    ledger_path.parent().unwrap_or(Path::new(".")).join("backups")
}

/// Makes a verified backup of `conn` (the ledger at `source`) at `out`, whole or not at all.
fn backup_file(
    conn: &Connection,
    out: &Path,
    sealed: &'static SealedKinds<'static>,
) -> Result<(String, u64, String, u64)> {
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let tmp = scratch(out, "backup");
    let result = (|| {
        copy_database(conn, &tmp)?;
        let (head, links) = verify_copy(&tmp, sealed)?;
        remove_scratch_sidecars(&tmp);
        std::fs::rename(&tmp, out).map_err(|e| Error::io(out, e))?;
        let (sha, bytes) = sha256_file(out)?;
        Ok((sha, bytes, head, links))
    })();
    if result.is_err() {
        remove_scratch(&tmp);
    }
    result
}

/// Opening a copy to verify it may leave `-wal`/`-shm` files beside it; they belong to the
/// scratch name, not to the backup.
fn remove_scratch_sidecars(tmp: &Path) {
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", tmp.display()));
    }
}

/// `dir/<stem><ext>`, or `dir/<stem>-2<ext>`, `-3`, … when that name is taken: two copies in the
/// same second (two restores, a manual backup and the daily one) never share a file, so none
/// replaces another.
pub fn unused_name(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    let first = dir.join(format!("{stem}{ext}"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("{stem}-{n}{ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// A moment as a file name gives it, in the operator's local time: `2026-12-01-101503`.
fn file_stamp(clock: LocalClock) -> String {
    clock.now_local().format("%Y-%m-%d-%H%M%S").to_string()
}

/// The clock of the ledger at `path` (its time offset setting), or Lima's when it cannot be
/// read (a damaged ledger about to be replaced).
fn clock_of_file(path: &Path) -> LocalClock {
    let offset = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .ok()
        .and_then(|c| {
            c.query_row("SELECT value FROM settings WHERE key = 'utc_offset_minutes'", [], |r| {
                r.get::<_, String>(0)
            })
            .ok()
        })
        .and_then(|v| v.parse().ok());
    LocalClock::new(offset.unwrap_or(LocalClock::LIMA_OFFSET_MINUTES))
}

/// Takes a raw copy of a ledger that is about to be migrated: its version cannot be verified
/// by this program's chain rules until it is migrated, so it is checked for integrity only.
pub(super) fn before_migration(conn: &Connection, ledger_path: &Path, version: i64) -> Result<PathBuf> {
    let dir = backups_dir(ledger_path);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let stamp = file_stamp(clock_of_file(ledger_path));
    let out = unused_name(&dir, &format!("caudal-{stamp}-before_migration-v{version}"), ".db");
    let tmp = scratch(&out, "backup");
    copy_database(conn, &tmp)?;
    let check = Connection::open_with_flags(&tmp, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let integrity: String = check.query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))?;
    drop(check);
    if integrity != "ok" {
        remove_scratch(&tmp);
        return Err(refused(
            format!(
                "El libro está dañado ({integrity}); no se actualiza. Restaure la copia de seguridad más reciente."
            ),
            format!("The ledger is damaged ({integrity}); it is not upgraded. Restore the newest backup."),
        ));
    }
    std::fs::rename(&tmp, &out).map_err(|e| Error::io(&out, e))?;
    Ok(out)
}

impl Ledger {
    /// Makes a verified backup at `out` (any folder: a USB stick, a shared drive).
    pub fn backup_to(&mut self, actor: &Actor, out: &Path, kind: BackupKind) -> Result<BackupRecord> {
        actor.require(Permission::MakeBackups)?;
        let audit_id = last_audit(self.conn())?;
        let (sha, bytes, head, links) = backup_file(self.conn(), out, self.sealed())?;
        self.record_backup(actor, out, kind, (&sha, bytes, &head, links, audit_id))
    }

    /// Records a copy just verified: (sha256, bytes, chain head, links, last audit entry).
    fn record_backup(
        &mut self,
        actor: &Actor,
        out: &Path,
        kind: BackupKind,
        (sha, bytes, head, links, audit_id): (&str, u64, &str, u64, i64),
    ) -> Result<BackupRecord> {
        let path = std::fs::canonicalize(out).unwrap_or_else(|_| out.to_path_buf());
        let record = |stamp: String| BackupRecord {
            taken_at: stamp,
            kind: kind.code().into(),
            path: path.display().to_string(),
            bytes,
            sha256: sha.to_string(),
            chain_head: head.to_string(),
            links,
            present: true,
        };
        // A ledger opened for reading only (a read-only stick) can still be copied off; only
        // the copy's entry in the ledger's own list cannot be written there.
        if self.is_read_only() {
            return Ok(record(self.clock().now_stamp()));
        }
        self.write(actor, "backup", |tx, clock| {
            let record = record(clock.now_stamp());
            tx.execute(
                "INSERT INTO backups (taken_at, kind, path, bytes, sha256, chain_head, links, audit_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                rusqlite::params![
                    record.taken_at,
                    record.kind,
                    record.path,
                    record.bytes as i64,
                    record.sha256,
                    record.chain_head,
                    record.links as i64,
                    audit_id
                ],
            )?;
            let detail = format!("kind={} path={} sha256={sha}", kind.code(), record.path);
            Ok((record, detail))
        })
    }

    /// An automatic backup into `backups/` beside the ledger, and into the second folder of
    /// the settings when it is there; then old automatic backups are thinned. Returns `None`
    /// for a ledger in memory.
    pub fn auto_backup(&mut self, actor: &Actor, kind: BackupKind) -> Result<Option<BackupRecord>> {
        actor.require(Permission::MakeBackups)?;
        self.automatic(actor, kind)
    }

    /// The copy taken before a billing run, by whoever may issue it.
    pub fn backup_before_issue(&mut self, actor: &Actor) -> Result<Option<BackupRecord>> {
        actor.require(Permission::IssueBills)?;
        self.automatic(actor, BackupKind::BeforeIssue)
    }

    fn automatic(&mut self, actor: &Actor, kind: BackupKind) -> Result<Option<BackupRecord>> {
        let Some(path) = self.path().map(Path::to_path_buf) else {
            return Ok(None);
        };
        // Nothing recorded since the last copy (its own record is the last entry), and that
        // copy is still there: it already holds this ledger. A town's copy takes seconds.
        let audit_id = last_audit(self.conn())?;
        let latest: Option<(i64, String)> = self
            .conn()
            .query_row("SELECT audit_id, path FROM backups ORDER BY id DESC LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        if let Some((id, file)) = latest
            && kind != BackupKind::Manual
            && id + 1 == audit_id
            && Path::new(&file).is_file()
        {
            return Ok(None);
        }
        let dir = backups_dir(&path);
        let out = unused_name(
            &dir,
            &format!("caudal-{}-{}", file_stamp(self.clock()), kind.code()),
            ".db",
        );
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (sha, bytes, head, links) = backup_file(self.conn(), &out, self.sealed())?;
        let record = self.record_backup(actor, &out, kind, (&sha, bytes, &head, links, audit_id))?;
        let keep = self.retention()?;
        prune(&dir, keep)?;
        if let Some(second) = self.settings().get("backup_folder")?.filter(|f| !f.trim().is_empty()) {
            let second = PathBuf::from(second.trim());
            // A USB stick that is not plugged in is no error: the backup is in the data folder.
            if second.is_dir() {
                let copy = match second.join(&name) {
                    taken if taken.exists() => unused_name(&second, name.trim_end_matches(".db"), ".db"),
                    free => free,
                };
                if backup_file(self.conn(), &copy, self.sealed()).is_ok() {
                    let _ = prune(&second, keep);
                }
            }
        }
        Ok(Some(record))
    }

    /// Takes the day's automatic backup unless one was taken today.
    pub fn daily_backup(&mut self, actor: &Actor) -> Result<Option<BackupRecord>> {
        let today = self.clock().today().to_string();
        let taken: bool = self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM backups WHERE substr(taken_at, 1, 10) = ?1 AND kind <> 'manual')",
            [&today],
            |r| r.get(0),
        )?;
        if taken {
            return Ok(None);
        }
        self.automatic(actor, BackupKind::Daily)
    }

    fn retention(&self) -> Result<(usize, usize)> {
        let get = |k: &str, d: usize| -> Result<usize> {
            Ok(self.settings().get(k)?.and_then(|v| v.parse().ok()).unwrap_or(d))
        };
        Ok((get("backup_keep_daily", 7)?, get("backup_keep_monthly", 12)?))
    }

    /// Every backup recorded, newest first.
    pub fn backups(&self) -> Result<Vec<BackupRecord>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT taken_at, kind, path, bytes, sha256, chain_head, links FROM backups ORDER BY id DESC")?;
        let rows = stmt.query_map([], |r| {
            let path: String = r.get(2)?;
            Ok(BackupRecord {
                taken_at: r.get(0)?,
                kind: r.get(1)?,
                present: Path::new(&path).is_file(),
                path,
                bytes: r.get::<_, i64>(3)? as u64,
                sha256: r.get(4)?,
                chain_head: r.get(5)?,
                links: r.get::<_, i64>(6)? as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Keeps, among the automatic backups in `dir`, everything from the newest day, the newest of
/// each of the last `daily` days and of each of the last `monthly` months; removes the rest.
fn prune(dir: &Path, (daily, monthly): (usize, usize)) -> Result<()> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("caudal-") && n.ends_with(".db") && n.len() > 24)
        .collect();
    names.sort();
    names.reverse(); // newest first: the names start with the local date and time
    let day = |n: &str| n[7..17].to_string();
    let month = |n: &str| n[7..14].to_string();
    let newest_day = names.first().map(|n| day(n));
    let mut keep = std::collections::HashSet::new();
    let (mut days, mut months) = (Vec::new(), Vec::new());
    for n in &names {
        if Some(day(n)) == newest_day {
            keep.insert(n.clone());
        }
        if !days.contains(&day(n)) && days.len() < daily {
            days.push(day(n));
            keep.insert(n.clone());
        }
        if !months.contains(&month(n)) && months.len() < monthly {
            months.push(month(n));
            keep.insert(n.clone());
        }
    }
    for n in names.iter().filter(|n| !keep.contains(*n)) {
        let _ = std::fs::remove_file(dir.join(n));
    }
    Ok(())
}

/// The settings' rule for how many copies are kept: a number from 1 to 366.
fn keep_count(v: &str) -> Result<String> {
    match v.parse::<u32>() {
        Ok(n) if (1..=366).contains(&n) => Ok(n.to_string()),
        _ => Err(Error::invalid(
            ErrorCode::SettingValue,
            "Cuántas copias se guardan: un número de 1 a 366.",
            "How many backups are kept: a number from 1 to 366.",
        )),
    }
}

/// A copy or a restore refused, said in both languages.
fn refused(es: String, en: String) -> Error {
    Error::Ledger(Text::new(es, en))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thinning_keeps_days_and_months() {
        let dir = tempfile::tempdir().unwrap();
        let mut made = Vec::new();
        for (m, d, t) in [
            (1, 5, 1),
            (1, 20, 1),
            (2, 3, 1),
            (2, 3, 2),
            (3, 1, 1),
            (3, 2, 1),
            (3, 2, 2),
        ] {
            let n = format!("caudal-2026-{m:02}-{d:02}-10000{t}-daily.db");
            std::fs::write(dir.path().join(&n), b"x").unwrap();
            made.push(n);
        }
        prune(dir.path(), (2, 2)).unwrap();
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        // The newest day whole (03-02 twice), the newest of 2 days (03-02, 03-01), of 2 months
        // (March's newest, February's newest).
        assert_eq!(
            left,
            vec![
                "caudal-2026-02-03-100002-daily.db",
                "caudal-2026-03-01-100001-daily.db",
                "caudal-2026-03-02-100001-daily.db",
                "caudal-2026-03-02-100002-daily.db",
            ]
        );
    }
}
