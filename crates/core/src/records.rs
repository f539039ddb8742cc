//! Every kind of record sealed in the hash chain, as each owning module declares it, and the
//! ledger's verification over all of them. The chain itself (`ledger::chain`) knows no domain.

use crate::Ledger;
use crate::error::Result;
use crate::ledger::ChainReport;
use crate::ledger::chain::{self, Kind, SealedKinds, State};

const KINDS: &[Kind] = &[
    crate::billing::store::RECORD,
    crate::payments::RECORD,
    crate::notes::RECORD,
    crate::service::RECORD,
    crate::fund::SPENDING_RECORD,
    crate::fund::OPERATOR_RECORD,
    crate::accounts::months::RECORD,
    crate::complaints::RECORD,
    crate::complaints::STEP_RECORD,
    crate::quality::SAMPLE_RECORD,
    crate::quality::INCIDENT_RECORD,
    crate::quality::ACTION_RECORD,
    crate::continuity::INTERRUPTION_RECORD,
    crate::continuity::END_RECORD,
    crate::continuity::PRODUCTION_RECORD,
    crate::reports::board::MEMBER_RECORD,
    crate::reports::board::MEETING_RECORD,
    crate::ledger::chain::CHECK_RECORD,
];

/// The records the program itself changes, sealed again at each change: each as the query of
/// every record's `(id, reference, content)`.
const STATES: &[State] = &[
    State {
        name: "tariff",
        sql: "SELECT id, effective_from AS reference,
                     json_array(id, effective_from, name, approval, document, imported_at, imported_by) AS content
                FROM tariffs",
    },
    State {
        name: "meter",
        sql: "SELECT m.id AS id, m.serial || ' (' || k.account || ')' AS reference,
                     json_array(m.id, m.connection_id, m.serial, m.digits, m.initial_reading, m.installed_on,
                                m.removed_on, m.final_reading) AS content
                FROM meters m JOIN connections k ON k.id = m.connection_id",
    },
    State {
        name: "connection",
        sql: "SELECT id, account AS reference,
                     json_array(id, account, name, document, address, sector, route, route_seq, category, metered,
                                sewer, subsidized, status, gender, phone, connected_on) AS content
                FROM connections",
    },
    State {
        name: "user",
        sql: "SELECT id, name AS reference,
                     json_array(id, name, full_name, role, password_hash, active, created_at) AS content
                FROM users",
    },
    State {
        name: "delivery_target",
        sql: "SELECT id, location AS reference,
                     json_array(id, kind, location, auth, username, secret, active, added_at) AS content
                FROM delivery_targets",
    },
    // The settings and the series' codes, each sealed whole as record 0.
    State {
        name: "settings",
        sql: "SELECT 0 AS id, '' AS reference, json_group_array(json_array(key, value)) AS content
                FROM (SELECT key, value FROM settings ORDER BY key)",
    },
    State {
        name: "series",
        sql: "SELECT 0 AS id, '' AS reference, json_group_array(json_array(kind, code)) AS content
                FROM (SELECT kind, code FROM series ORDER BY kind)",
    },
];

const SEALED: SealedKinds<'static> = SealedKinds {
    kinds: KINDS,
    states: STATES,
};

/// Before a writing transaction commits: seals the changes it made to the records the
/// program changes.
pub(crate) fn seal_write(tx: &rusqlite::Connection) -> Result<()> {
    chain::seal_changes(tx, STATES)
}

/// After migration 10 (records the program changes are sealed): what a ledger already holds
/// is sealed once (its tariffs, meters, users, settings, series and targets) and its audit log
/// is hashed, in the migration's own transaction.
pub(crate) fn seal_what_was_there(tx: &rusqlite::Connection) -> Result<()> {
    chain::seal_changes(tx, STATES)?;
    crate::ledger::audit::hash_existing(tx)
}

/// A kind of sealed record in words, for the reports of `ledger verify`.
pub fn record_word(kind: &str, lang: crate::Lang) -> &'static str {
    let (es, en) = match kind {
        "bill" => ("recibo", "bill"),
        "payment" => ("pago", "payment"),
        "note" => ("nota", "note"),
        "service_event" => ("evento del servicio", "service event"),
        "fund_spending" => ("gasto del fondo", "fund spending"),
        "operator_entry" => ("movimiento del operador", "operator entry"),
        "month_close" => ("cierre de mes", "month close"),
        "complaint" => ("reclamo", "complaint"),
        "complaint_step" => ("paso de reclamo", "complaint step"),
        "quality_sample" => ("muestra de calidad", "quality sample"),
        "quality_incident" => ("incidente de calidad", "quality incident"),
        "incident_action" => ("acción de incidente", "incident action"),
        "interruption" => ("interrupción", "interruption"),
        "interruption_end" => ("fin de interrupción", "interruption end"),
        "production" => ("producción", "production"),
        "ncb_member" => ("miembro de la Junta", "board member"),
        "ncb_meeting" => ("sesión de la Junta", "board meeting"),
        "ledger_check" => ("revisión del libro", "ledger check"),
        "bundle" => ("paquete", "bundle"),
        "backup" => ("copia de seguridad", "backup"),
        "schema" => ("esquema del libro", "ledger schema"),
        "audit" => ("registro de auditoría", "audit entry"),
        "tariff" => ("tarifa", "tariff"),
        "meter" => ("medidor", "meter"),
        "connection" => ("conexión", "connection"),
        "user" => ("usuario", "user"),
        "delivery_target" => ("destino de entrega", "delivery target"),
        "settings" => ("ajustes", "settings"),
        "series" => ("series de numeración", "numbering series"),
        "reading" => ("lectura", "reading"),
        _ => ("registro", "record"),
    };
    lang.pick(es, en)
}

impl Ledger {
    /// Walks the whole hash chain over every kind of record, runs `PRAGMA integrity_check`, and
    /// when the chain is whole checks the numbering of the series. Reads only.
    pub fn verify(&self) -> Result<ChainReport> {
        in_snapshot(self.conn(), |c| verify_on(c, chain::verify))
    }

    /// [`Ledger::verify`], and when the ledger is whole the check is sealed in the chain, so
    /// later quick checks ([`Ledger::verify_quick`]) start from it: what `ledger verify` does.
    pub fn check(&mut self, actor: &crate::Actor) -> Result<ChainReport> {
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
        in_snapshot(self.conn(), |c| verify_on(c, chain::verify_quick))
    }

    /// [`Ledger::verify_quick`] on a connection of its own, in another thread, so a caller can
    /// do other reading meanwhile (the Board's report checks the ledger while it reads the
    /// month).
    pub(crate) fn verify_aside(&self) -> Aside<ChainReport> {
        self.read_aside(|c| verify_on(c, chain::verify_quick))
    }

    /// Runs `f` in one read transaction on a read-only connection of its own, in another
    /// thread; a ledger in memory, or one opened for reading only (whose file another
    /// connection may not be able to read), runs it on the spot.
    pub(crate) fn read_aside<T: Send + 'static>(
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
pub(crate) enum Aside<T> {
    Running(std::thread::JoinHandle<Result<T>>),
    Done(Result<T>),
}

impl<T> Aside<T> {
    pub(crate) fn finish(self) -> Result<T> {
        match self {
            Aside::Done(r) => r,
            Aside::Running(h) => h
                .join()
                .map_err(|_| crate::Error::Internal("a reading in another thread stopped".into()))?,
        }
    }
}

type Walker = fn(&rusqlite::Connection, &SealedKinds<'_>) -> Result<ChainReport>;

fn verify_on(conn: &rusqlite::Connection, walker: Walker) -> Result<ChainReport> {
    let mut report = walker(conn, &SEALED)?;
    // A reading a bill used is part of the bill, which keeps it: the two must agree.
    report.problems.extend(crate::billing::store::reading_problems(conn)?);
    report.problems.extend(crate::ledger::audit::problems(conn)?);
    for reason in crate::ledger::migrations::schema_problems(conn)? {
        report.problems.push(crate::ledger::ChainBreak {
            seq: None,
            kind: "schema".into(),
            record_id: None,
            reference: String::new(),
            reason,
        });
    }
    if report.problems.is_empty() {
        report.problems.extend(crate::billing::store::numbering_problems(conn)?);
    }
    Ok(report)
}
