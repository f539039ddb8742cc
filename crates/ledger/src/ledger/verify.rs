//! The ledger's verification: the chain walked (whole, or from the last sealed check), the
//! audit log and the schema's guards compared, then the checks each domain hands over in its
//! registry; and the seals every write and migration makes of the records the program changes.

use super::chain::{self, SealedKinds};
use super::{ChainBreak, ChainReport, Ledger};
use crate::error::Result;

/// Before a writing transaction commits: seals the changes it made to the records the
/// program changes, with this release's queries.
pub fn seal_write(tx: &rusqlite::Connection, sealed: &SealedKinds<'_>) -> Result<()> {
    seal_at(tx, sealed, super::migrations::CURRENT_VERSION)
}

/// In the migration that brings the ledger to `schema`: seals what it queued with the queries
/// of that version, never today's (which may read columns a later migration adds).
pub fn seal_at(tx: &rusqlite::Connection, sealed: &SealedKinds<'_>, schema: i64) -> Result<()> {
    chain::seal_changes(tx, sealed.states, schema)
}

/// After migration 10 (records the program changes are sealed): what a ledger already holds
/// is sealed once (its tariffs, meters, users, settings, series and targets) with the queries
/// of version 10, and its audit log is hashed, in the migration's own transaction.
pub fn seal_what_was_there(tx: &rusqlite::Connection, sealed: &SealedKinds<'_>) -> Result<()> {
    seal_at(tx, sealed, super::migrations::SEALED_STATE as i64)?;
    super::audit::hash_existing(tx)
}

impl Ledger {
    /// Walks the whole hash chain over every kind of record, runs `PRAGMA integrity_check`, and
    /// when the chain is whole checks the numbering of the series. Reads only.
    pub fn verify(&self) -> Result<ChainReport> {
        in_snapshot(self.conn(), |c| verify_on(c, chain::verify, self.sealed()))
    }

    /// [`Ledger::verify`], and when the ledger is whole the check is sealed in the chain, so
    /// later quick checks ([`Ledger::verify_quick`]) start from it: what `ledger verify` does.
    pub fn check(&mut self, actor: &crate::access::Actor) -> Result<ChainReport> {
        let mut report = self.verify()?;
        if report.ok() {
            let sealed = self.write(actor, "ledger.check", |tx, clock| {
                let detail = format!("links={} head={}", report.links, report.head);
                chain::seal_check(tx, &report, &clock.now_stamp())?;
                Ok(((), detail))
            });
            // The check's finding stands on a file that cannot be written (a read-only copy):
            // only the shortcut for later quick checks is not kept.
            match sealed {
                Ok(()) => report.sealed = true,
                Err(e) if !e.cannot_write() => return Err(e),
                Err(_) => {}
            }
        }
        Ok(report)
    }

    /// The check from the last sealed whole one: every record sealed since is re-read and
    /// its link recomputed, the chain must still hold the link that check ended at, and every
    /// kind's records must match its links. What it cannot see (a record edited before that
    /// check, outside the program) the next whole check finds. Without a sealed check, a whole
    /// one.
    pub fn verify_quick(&self) -> Result<ChainReport> {
        in_snapshot(self.conn(), |c| verify_on(c, chain::verify_quick, self.sealed()))
    }

    /// [`Ledger::verify_quick`] on a connection of its own, in another thread, so a caller can
    /// do other reading meanwhile (the Board's report checks the ledger while it reads the
    /// month).
    pub fn verify_aside(&self) -> Aside<ChainReport> {
        let sealed = self.sealed();
        self.read_aside(move |c| verify_on(c, chain::verify_quick, sealed))
    }

    /// Runs `f` in one read transaction on a read-only connection of its own, in another
    /// thread; a ledger in memory, or one opened for reading only (whose file another
    /// connection may not be able to read), runs it on the spot.
    pub fn read_aside<T: Send + 'static>(
        &self,
        f: impl FnOnce(&rusqlite::Connection) -> Result<T> + Send + 'static,
    ) -> Aside<T> {
        let Some(path) = self
            .path()
            .filter(|_| !self.is_read_only())
            .map(std::path::Path::to_path_buf)
        else {
            return Aside::Done(in_snapshot(self.conn(), f));
        };
        Aside::Running(std::thread::spawn(move || {
            let conn = rusqlite::Connection::open_with_flags(
                &path,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            in_snapshot(&conn, f)
        }))
    }
}

/// Runs `f` in one read transaction, so every table it reads is seen as of one moment (a
/// record written meanwhile by someone else is neither half-counted nor half-walked).
/// Inside a caller's own transaction, that transaction is the snapshot.
fn in_snapshot<T>(conn: &rusqlite::Connection, f: impl FnOnce(&rusqlite::Connection) -> Result<T>) -> Result<T> {
    if !conn.is_autocommit() {
        return f(conn);
    }
    conn.execute_batch("BEGIN DEFERRED")?;
    let out = f(conn);
    conn.execute_batch("ROLLBACK")?;
    out
}

/// Reading under way in another thread, or already done.
pub enum Aside<T> {
    /// Reading in another thread.
    Running(std::thread::JoinHandle<Result<T>>),
    /// Read already, here.
    Done(Result<T>),
}

impl<T> Aside<T> {
    /// Waits for the reading and gives its result.
    pub fn finish(self) -> Result<T> {
        match self {
            Aside::Done(r) => r,
            Aside::Running(h) => h
                .join()
                .map_err(|_| crate::error::Error::Internal("a reading in another thread stopped".into()))?,
        }
    }
}

type Walker = fn(&rusqlite::Connection, &SealedKinds<'_>) -> Result<ChainReport>;

fn verify_on(conn: &rusqlite::Connection, walker: Walker, sealed: &SealedKinds<'_>) -> Result<ChainReport> {
    let mut report = walker(conn, sealed)?;
    for check in sealed.checks {
        report.problems.extend(check(conn)?);
    }
    report.problems.extend(super::audit::problems(conn)?);
    for reason in super::migrations::schema_problems(conn, sealed)? {
        report.problems.push(ChainBreak {
            seq: None,
            kind: "schema".into(),
            record_id: None,
            reference: String::new(),
            reason,
        });
    }
    if report.problems.is_empty() {
        for check in sealed.checks_when_whole {
            report.problems.extend(check(conn)?);
        }
    }
    Ok(report)
}
