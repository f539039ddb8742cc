//! The ledger: one SQLite file per operator. This module opens it with the pragmas that make it
//! crash-safe (WAL, `synchronous=FULL`, foreign keys, busy timeout), applies migrations, and
//! runs every write in one IMMEDIATE transaction attributed to an actor in the audit log.

pub mod audit;
pub mod backup;
pub mod chain;
pub mod location;
pub mod migrations;
pub mod settings;
pub mod verify;

pub use chain::{ChainBreak, ChainReport, SealedKinds};
pub use settings::SettingRule;
pub use settings::Settings;
pub use verify::Aside;

use crate::access::Actor;
use crate::error::{Error, Result, Text};
use crate::period::LocalClock;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// An open ledger.
pub struct Ledger {
    conn: Connection,
    path: Option<PathBuf>,
    clock: LocalClock,
    /// The kinds of record the domains seal in the chain, and how (the registry the ledger is
    /// opened with).
    sealed: &'static chain::SealedKinds<'static>,
    /// Opened for reading only: its folder cannot be written (a read-only mount, a shared
    /// folder without permission). Every view works; every write is refused with a sentence.
    read_only: bool,
    /// The version the file had when this opening brought it up to date (`None` when it was
    /// current): what a domain must still do once for an older ledger, it does on seeing this.
    migrated_from: Option<i64>,
}

/// What a new ledger starts with.
#[derive(Debug, Clone)]
pub struct NewLedger {
    /// The operator's name, as bills print it.
    pub operator: String,
    /// The town served.
    pub town: String,
    /// The series of the bills' numbers (`S001`).
    pub series: String,
}

/// A folder named where the ledger's file belongs: said as such, so that neither "there is no
/// ledger" nor "a ledger already exists" sends the clerk the wrong way.
fn refuse_folder(path: &Path) -> Result<()> {
    if !path.is_dir() {
        return Ok(());
    }
    let inside = path.join("caudal.db");
    Err(Error::Ledger(Text::new(
        format!(
            "{} es una carpeta; el libro es un archivo: indíquelo con su nombre, como {}.",
            path.display(),
            inside.display()
        ),
        format!(
            "{} is a folder; the ledger is a file: name it whole, as {}.",
            path.display(),
            inside.display()
        ),
    )))
}

/// Whether the ledger's folder refuses a new file (a probe: permissions alone do not tell a
/// read-only mount).
fn read_only_folder(path: &Path) -> bool {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    !crate::files::writable(dir)
}

/// A connection that only reads a ledger in a folder that cannot be written. A ledger closed
/// cleanly has no WAL left, and is read as an unchanging file (SQLite's `immutable`: nobody can
/// write beside it either); one whose WAL is still there is read with it, which SQLite can do
/// when the WAL's shared memory was left too.
fn open_for_reading(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if Path::new(&wal).exists() {
        return Ok(Connection::open_with_flags(path, flags)?);
    }
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    Ok(Connection::open_with_flags(uri, flags)?)
}

impl Ledger {
    /// Creates a new ledger file; refuses to touch an existing one.
    pub fn create(
        path: &Path,
        setup: &NewLedger,
        actor: &Actor,
        sealed: &'static SealedKinds<'static>,
    ) -> Result<Ledger> {
        refuse_folder(path)?;
        if path.exists() {
            return Err(Error::Ledger(Text::new(
                format!("Ya existe un libro en {}; no se sobrescribe.", path.display()),
                format!("A ledger already exists at {}; it is not overwritten.", path.display()),
            )));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let mut ledger = Ledger::prepare(conn, Some(path.to_path_buf()), false, sealed)?;
        ledger.initialize(setup, actor)?;
        Ok(ledger)
    }

    /// The window's first start: a new ledger with its first administrator, whole or not at
    /// all. The names are checked before anything is written; the file is built under a
    /// temporary name beside `path` (with `then` for the first settings) and renamed into
    /// place only when everything succeeded, so a refusal leaves no ledger without users.
    /// `then` is handed the new ledger and hands it back when it has done its part.
    pub fn create_first(
        path: &Path,
        setup: &NewLedger,
        admin: &crate::users::NewUser,
        sealed: &'static SealedKinds<'static>,
        then: impl FnOnce(Ledger, &Actor) -> Result<Ledger>,
    ) -> Result<Ledger> {
        let name = crate::users::user_name(&admin.name)?;
        crate::users::check_password(&admin.password)?;
        refuse_folder(path)?;
        if path.exists() {
            return Err(Error::Ledger(Text::new(
                format!("Ya existe un libro en {}; no se sobrescribe.", path.display()),
                format!("A ledger already exists at {}; it is not overwritten.", path.display()),
            )));
        }
        let building = path.with_extension("creating");
        let clear = |p: &Path| {
            for suffix in ["", "-wal", "-shm"] {
                let mut f = p.as_os_str().to_owned();
                f.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(f));
            }
        };
        // A first start killed halfway left only this scratch file.
        clear(&building);
        let actor = Actor::new(name, crate::access::Role::Admin);
        let built = (|| {
            let mut ledger = Ledger::create(&building, setup, &actor, sealed)?;
            ledger.create_user(None, admin)?;
            let ledger = then(ledger, &actor)?;
            // Closing checkpoints the WAL into the file, so the file alone is the ledger.
            ledger.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
            drop(ledger);
            std::fs::rename(&building, path).map_err(|e| Error::io(path, e))?;
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
            }
            Ledger::open(path, sealed)
        })();
        if built.is_err() {
            clear(&building);
        }
        built
    }

    /// A ledger in memory, for tests and benchmarks' baselines.
    pub fn create_in_memory(setup: &NewLedger, actor: &Actor, sealed: &'static SealedKinds<'static>) -> Result<Ledger> {
        let mut ledger = Ledger::prepare(Connection::open_in_memory()?, None, false, sealed)?;
        ledger.initialize(setup, actor)?;
        Ok(ledger)
    }

    /// Opens an existing ledger, bringing it up to this version's schema (after a backup of
    /// it as it was). A ledger written by a newer Caudal is refused before anything is changed.
    pub fn open(path: &Path, sealed: &'static SealedKinds<'static>) -> Result<Ledger> {
        Ledger::open_with(path, true, sealed)
    }

    /// [`Ledger::open`], with or without the backup before a migration (a scratch copy being
    /// verified needs none).
    pub fn open_with(
        path: &Path,
        backup_before_migration: bool,
        sealed: &'static SealedKinds<'static>,
    ) -> Result<Ledger> {
        refuse_folder(path)?;
        if !path.is_file() {
            return Err(Error::Ledger(Text::new(
                format!(
                    "No hay un libro en {}. Créelo con `caudal init` o indique otro con --db.",
                    path.display()
                ),
                format!(
                    "There is no ledger at {}. Create one with `caudal init` or name another with --db.",
                    path.display()
                ),
            )));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // The WAL's shared memory cannot be made in a folder that refuses new files: the first
        // read fails to open, and only then is the folder probed and the ledger read as is.
        let cannot_open = |e: rusqlite::Error| {
            matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly)
            )
        };
        let read_only = conn
            .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
            .is_err_and(cannot_open)
            && read_only_folder(path);
        let conn = if read_only { open_for_reading(path)? } else { conn };
        // Another program's SQLite file (version 0) is left untouched: no schema, no WAL.
        let version: i64 = match conn.query_row("PRAGMA user_version", [], |r| r.get(0)) {
            Ok(v) => v,
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
                return Err(Error::Ledger(Text::new(
                    format!(
                        "{} no es un libro de Caudal (no es una base de datos SQLite); no se cambió nada.",
                        path.display()
                    ),
                    format!(
                        "{} is not a Caudal ledger (not an SQLite database); nothing was changed.",
                        path.display()
                    ),
                )));
            }
            Err(e) => return Err(e.into()),
        };
        if version == 0 {
            return Err(Error::Ledger(Text::new(
                format!("{} no es un libro de Caudal; no se cambió nada.", path.display()),
                format!("{} is not a Caudal ledger; nothing was changed.", path.display()),
            )));
        }
        if read_only && version < migrations::CURRENT_VERSION {
            return Err(Error::Ledger(Text::new(
                format!(
                    "El libro {} es de una versión anterior y debe actualizarse, pero su carpeta es de solo lectura: cópielo a una carpeta donde se pueda escribir; no se cambió nada.",
                    path.display()
                ),
                format!(
                    "The ledger {} is from an earlier version and must be updated, but its folder is read-only: copy it to a folder that can be written to; nothing was changed.",
                    path.display()
                ),
            )));
        }
        if backup_before_migration && (1..migrations::CURRENT_VERSION).contains(&version) {
            backup::before_migration(&conn, path, version)?;
        }
        let mut ledger = Ledger::prepare(conn, Some(path.to_path_buf()), read_only, sealed)?;
        if !ledger.settings().is_initialized()? {
            return Err(Error::Ledger(Text::new(
                format!("{} no es un libro de Caudal.", path.display()),
                format!("{} is not a Caudal ledger.", path.display()),
            )));
        }
        if version < migrations::CURRENT_VERSION {
            ledger.migrated_from = Some(version);
        }
        Ok(ledger)
    }

    fn prepare(
        conn: Connection,
        path: Option<PathBuf>,
        read_only: bool,
        sealed: &'static SealedKinds<'static>,
    ) -> Result<Ledger> {
        // A file that is not SQLite at all fails on the first statement: say so plainly.
        let not_a_ledger = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => Error::Ledger(Text::new(
                "El archivo no es un libro de Caudal (no es una base de datos SQLite).",
                "The file is not a Caudal ledger (not an SQLite database).",
            )),
            _ => Error::Db(e),
        };
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(not_a_ledger)?;
        if path.is_some() && !read_only {
            conn.query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()))
                .map_err(not_a_ledger)?;
        }
        // FULL: a committed issue or payment survives a power cut, not only a process crash.
        conn.pragma_update(None, "synchronous", "FULL")?;
        // A town's indexes (30,000 connections × years of bills) outgrow SQLite's 2 MiB default
        // page cache; 32 MiB keeps a billing run's working set in memory.
        conn.pragma_update(None, "cache_size", -32_768)?;
        let mut ledger = Ledger {
            conn,
            path,
            clock: LocalClock::new(LocalClock::LIMA_OFFSET_MINUTES),
            sealed,
            read_only,
            migrated_from: None,
        };
        if !read_only {
            migrations::apply(&mut ledger.conn, sealed)?;
        }
        if let Some(minutes) = ledger.settings().utc_offset_minutes()? {
            ledger.clock = ledger.clock.with_offset(minutes);
        }
        Ok(ledger)
    }

    fn initialize(&mut self, setup: &NewLedger, actor: &Actor) -> Result<()> {
        let setup = setup.clone();
        self.write(actor, "ledger.init", |tx, _| {
            settings::initialize(tx, &setup)?;
            Ok((
                (),
                format!(
                    "operator={} town={} series={}",
                    setup.operator, setup.town, setup.series
                ),
            ))
        })
    }

    /// The file (`None` for a ledger in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The kinds it seals in the chain.
    pub fn sealed(&self) -> &'static SealedKinds<'static> {
        self.sealed
    }

    /// The version this opening brought the file up from (`None`: it was current).
    pub fn migrated_from(&self) -> Option<i64> {
        self.migrated_from
    }

    /// Whether this ledger was opened for reading only (its folder cannot be written).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The operator's local clock (Lima unless set otherwise).
    pub fn clock(&self) -> LocalClock {
        self.clock
    }

    /// Stops this ledger's clock at `at`: every date and stamp it writes from now on reads that
    /// moment (tests that must not depend on the day they run).
    pub fn stop_clock_at(&mut self, at: chrono::DateTime<chrono::Utc>) {
        self.clock = self.clock.stopped_at(at);
    }

    /// The ledger's settings.
    pub fn settings(&self) -> Settings<'_> {
        Settings::new(&self.conn)
    }

    /// Read access for queries. Writes go through [`Ledger::write`].
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// One consistent reading: until the returned guard is dropped, every query on this
    /// ledger sees the file as it was at the first of them, whatever another window or command
    /// writes meanwhile (a WAL read transaction). A report, a bundle's payload or an export
    /// read in several queries is thus one state of the books. `None` inside a transaction the
    /// caller already holds, which is one reading already.
    pub fn snapshot(&self) -> Result<Option<rusqlite::Transaction<'_>>> {
        if !self.conn.is_autocommit() {
            return Ok(None);
        }
        Ok(Some(self.conn.unchecked_transaction()?))
    }

    /// Runs `f` in one IMMEDIATE transaction and records it in the audit log with the detail
    /// `f` returns. Either all of it is committed, or none of it.
    pub fn write<T>(
        &mut self,
        actor: &Actor,
        action: &str,
        f: impl FnOnce(&Transaction<'_>, &LocalClock) -> Result<(T, String)>,
    ) -> Result<T> {
        let clock = self.clock;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        forget_changes_made_outside(&tx)?;
        let (value, detail) = f(&tx, &clock)?;
        // What this write changed of the records the program changes is sealed in the chain,
        // and its entry in the audit log, in the same transaction.
        verify::seal_write(&tx, self.sealed)?;
        audit::append(&tx, &clock.now_stamp(), &actor.name, action, &detail)?;
        fault_point(action);
        tx.commit()?;
        Ok(value)
    }

    /// Like [`Ledger::write`], for a write built from many reads (a month's bundle): `f` reads
    /// through the ledger itself, inside the same IMMEDIATE transaction, so what it reads is
    /// what it writes against, and nobody else can write in between. A failure anywhere leaves
    /// the ledger as it was.
    pub fn write_reading<T>(
        &self,
        actor: &Actor,
        action: &str,
        f: impl FnOnce(&Transaction<'_>) -> Result<(T, String)>,
    ) -> Result<T> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        forget_changes_made_outside(&tx)?;
        let (value, detail) = f(&tx)?;
        verify::seal_write(&tx, self.sealed)?;
        audit::append(&tx, &self.clock.now_stamp(), &actor.name, action, &detail)?;
        fault_point(action);
        tx.commit()?;
        Ok(value)
    }

    /// The hash at the head of the chain (all zeros for an empty ledger).
    pub fn chain_head(&self) -> Result<String> {
        chain::head(&self.conn)
    }

    /// The last entries of the audit log, newest first.
    pub fn audit_tail(&self, limit: u32) -> Result<Vec<AuditEntry>> {
        let mut stmt = self
            .conn
            .prepare("SELECT at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?1")?;
        let rows = stmt.query_map([limit], |r| {
            Ok(AuditEntry {
                at: r.get(0)?,
                actor: r.get(1)?,
                action: r.get(2)?,
                detail: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// "This file is not a Caudal ledger; nothing was changed", for a file that is SQLite or not.
pub fn not_a_ledger(path: &Path, sqlite: bool) -> Error {
    let (es, en) = if sqlite {
        ("", "")
    } else {
        (" (no es una base de datos SQLite)", " (not an SQLite database)")
    };
    Error::Ledger(Text::new(
        format!("{} no es un libro de Caudal{es}; no se cambió nada.", path.display()),
        format!("{} is not a Caudal ledger{en}; nothing was changed.", path.display()),
    ))
}

/// The settings as a transaction sees them, for checks made inside a write.
pub fn settings_of(conn: &Connection) -> Settings<'_> {
    Settings::new(conn)
}

/// One entry of the audit log: who did what, when.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AuditEntry {
    /// When (local time).
    pub at: String,
    /// Who.
    pub actor: String,
    /// The action (`payments.record`, `billing.issue`…).
    pub action: String,
    /// What it wrote, in a line.
    pub detail: String,
}

/// The queue of changes to seal is empty between Caudal's writes; anything in it at the start
/// of one was changed outside the program (with `sqlite3`), whose triggers queued it. It is
/// dropped unsealed, so this write never seals that change as if Caudal had made it and
/// `ledger verify` goes on naming it.
fn forget_changes_made_outside(tx: &Connection) -> Result<()> {
    tx.prepare_cached("DELETE FROM seal_queue")?.execute([])?;
    Ok(())
}

/// The fault the kill tests place: with `CAUDAL_FAULT=<action>` in the environment, the process
/// stops dead (as kill -9 stops it) inside that write, after every statement of it and just
/// before its commit, so each kind of write is shown to leave nothing at its worst moment
/// rather than hoped to by a random kill. Unset, this is one look at the environment.
fn fault_point(action: &str) {
    if std::env::var_os("CAUDAL_FAULT").is_some_and(|v| v == action) {
        std::process::abort();
    }
}
