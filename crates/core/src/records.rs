//! Every kind of record sealed in the hash chain, as each owning module declares it, and the
//! ledger's verification over all of them. The chain itself (`ledger::chain`) knows no domain.

use crate::Ledger;
use crate::error::Result;
use crate::ledger::ChainReport;
use crate::ledger::chain::{self, Kind, SealedKinds, SealedState, StateQuery};

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

/// The records the program itself changes, sealed again at each change: each as the queries of
/// every record's `(id, reference, content)`, oldest first, with the ledger version each seals
/// from. A query is history once shipped: a change is a new version (see [`SealedState`]).
const STATES: &[SealedState] = &[
    SealedState {
        name: "tariff",
        versions: &[StateQuery {
            since: 10,
            sql: "SELECT id, effective_from AS reference,
                     json_array(id, effective_from, name, approval, document, imported_at, imported_by) AS content
                FROM tariffs",
        }],
    },
    SealedState {
        name: "meter",
        versions: &[StateQuery {
            since: 10,
            sql: "SELECT m.id AS id, m.serial || ' (' || k.account || ')' AS reference,
                     json_array(m.id, m.connection_id, m.serial, m.digits, m.initial_reading, m.installed_on,
                                m.removed_on, m.final_reading) AS content
                FROM meters m JOIN connections k ON k.id = m.connection_id",
        }],
    },
    SealedState {
        name: "connection",
        versions: &[StateQuery {
            since: 12,
            sql: "SELECT id, account AS reference,
                     json_array(id, account, name, document, address, sector, route, route_seq, category, metered,
                                sewer, subsidized, status, gender, phone, connected_on) AS content
                FROM connections",
        }],
    },
    SealedState {
        name: "user",
        versions: &[StateQuery {
            since: 10,
            sql: "SELECT id, name AS reference,
                     json_array(id, name, full_name, role, password_hash, active, created_at) AS content
                FROM users",
        }],
    },
    SealedState {
        name: "delivery_target",
        versions: &[StateQuery {
            since: 10,
            sql: "SELECT id, location AS reference,
                     json_array(id, kind, location, auth, username, secret, active, added_at) AS content
                FROM delivery_targets",
        }],
    },
    // The settings and the series' codes, each sealed whole as record 0.
    SealedState {
        name: "settings",
        versions: &[StateQuery {
            since: 10,
            sql: "SELECT 0 AS id, '' AS reference, json_group_array(json_array(key, value)) AS content
                FROM (SELECT key, value FROM settings ORDER BY key)",
        }],
    },
    SealedState {
        name: "series",
        versions: &[StateQuery {
            since: 10,
            sql: "SELECT 0 AS id, '' AS reference, json_group_array(json_array(kind, code)) AS content
                FROM (SELECT kind, code FROM series ORDER BY kind)",
        }],
    },
];

/// Every kind this release seals: what a ledger is opened with.
pub(crate) static SEALED: SealedKinds<'static> = SealedKinds {
    kinds: KINDS,
    states: STATES,
};

/// Before a writing transaction commits: seals the changes it made to the records the
/// program changes, with this release's queries.
pub(crate) fn seal_write(tx: &rusqlite::Connection, sealed: &SealedKinds<'_>) -> Result<()> {
    seal_at(tx, sealed, crate::ledger::migrations::CURRENT_VERSION)
}

/// In the migration that brings the ledger to `schema`: seals what it queued with the queries
/// of that version, never today's (which may read columns a later migration adds).
pub(crate) fn seal_at(tx: &rusqlite::Connection, sealed: &SealedKinds<'_>, schema: i64) -> Result<()> {
    chain::seal_changes(tx, sealed.states, schema)
}

/// After migration 10 (records the program changes are sealed): what a ledger already holds
/// is sealed once (its tariffs, meters, users, settings, series and targets) with the queries
/// of version 10, and its audit log is hashed, in the migration's own transaction.
pub(crate) fn seal_what_was_there(tx: &rusqlite::Connection, sealed: &SealedKinds<'_>) -> Result<()> {
    seal_at(tx, sealed, crate::ledger::migrations::SEALED_STATE as i64)?;
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
        in_snapshot(self.conn(), |c| verify_on(c, chain::verify, self.sealed()))
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
        in_snapshot(self.conn(), |c| verify_on(c, chain::verify_quick, self.sealed()))
    }

    /// [`Ledger::verify_quick`] on a connection of its own, in another thread, so a caller can
    /// do other reading meanwhile (the Board's report checks the ledger while it reads the
    /// month).
    pub(crate) fn verify_aside(&self) -> Aside<ChainReport> {
        let sealed = self.sealed();
        self.read_aside(move |c| verify_on(c, chain::verify_quick, sealed))
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

fn verify_on(conn: &rusqlite::Connection, walker: Walker, sealed: &SealedKinds<'_>) -> Result<ChainReport> {
    let mut report = walker(conn, sealed)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Actor;

    const USER_V1: &str = "SELECT id, name AS reference,
                     json_array(id, name, full_name, role, password_hash, active, created_at) AS content
                FROM users";
    /// The user's content as a later release might read it (one more field).
    const USER_V2: &str = "SELECT id, name AS reference,
                     json_array(id, name, full_name, role, password_hash, active, created_at, length(name)) AS content
                FROM users";

    /// This release's registry with the user's query replaced by `versions`.
    fn with_user(versions: &'static [StateQuery]) -> &'static SealedKinds<'static> {
        let states: Vec<SealedState> = STATES
            .iter()
            .map(|s| SealedState {
                name: s.name,
                versions: if s.name == "user" { versions } else { s.versions },
            })
            .collect();
        Box::leak(Box::new(SealedKinds {
            kinds: KINDS,
            states: Box::leak(states.into_boxed_slice()),
        }))
    }

    fn user_problems(report: &ChainReport) -> usize {
        report.problems.iter().filter(|p| p.kind == "user").count()
    }

    /// Every fixture, v3 to today, opens and verifies after the user's query gained a version
    /// (as a release would add one); a record the program changes is sealed with the new one;
    /// an edit outside Caudal is still found under either. The same query edited in place
    /// (what a release could do before) made every user of every ledger "changed outside
    /// Caudal", and migration 10 would have sealed with it.
    #[test]
    fn every_fixture_opens_after_a_sealed_query_changed() {
        let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let current = crate::ledger::migrations::CURRENT_VERSION;
        static VERSIONED: [StateQuery; 2] = [
            StateQuery {
                since: 10,
                sql: USER_V1,
            },
            StateQuery {
                since: crate::ledger::migrations::CURRENT_VERSION,
                sql: USER_V2,
            },
        ];
        static EDITED: [StateQuery; 1] = [StateQuery {
            since: 10,
            sql: USER_V2,
        }];
        let versioned = with_user(&VERSIONED);
        let edited = with_user(&EDITED);
        let mut opened = 0;
        for v in 3..=current {
            let fixture = std::path::Path::new(fixtures).join(format!("ledger-v{v}.db"));
            if !fixture.exists() {
                continue;
            }
            let dir = tempfile::tempdir().unwrap();
            let copy = dir.path().join("caudal.db");
            std::fs::copy(&fixture, &copy).unwrap();
            let mut ledger = Ledger::open_sealing(&copy, false, versioned).unwrap();
            let report = ledger.verify().unwrap();
            assert!(report.ok(), "v{v}: {:?}", report.problems);
            opened += 1;

            // The same file read with the query edited in place: every user "changed".
            let users: usize = ledger
                .conn()
                .query_row("SELECT count(*) FROM users", [], |r| r.get(0))
                .unwrap();
            assert!(users >= 2, "v{v} has users");
            let edited_report = Ledger::open_sealing(&copy, false, edited).unwrap().verify().unwrap();
            assert_eq!(user_problems(&edited_report), users, "v{v}");

            // A change by the program seals the user with the new version.
            ledger
                .write(&Actor::system(), "test.user", |tx, _| {
                    tx.execute("UPDATE users SET full_name = 'Ana María' WHERE id = 1", [])?;
                    Ok(((), String::new()))
                })
                .unwrap();
            let sealed: String = ledger
                .conn()
                .query_row(
                    "SELECT content FROM chain WHERE kind = 'user' AND record_id = 1 ORDER BY seq DESC LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert!(sealed.starts_with("v2:["), "v{v}: {sealed}");
            assert!(ledger.verify().unwrap().ok(), "v{v} after a change");

            // An edit outside Caudal, of one user sealed under each version, is found twice.
            let raw = rusqlite::Connection::open(&copy).unwrap();
            raw.execute_batch("UPDATE users SET full_name = full_name || ' X' WHERE id IN (1, 2)")
                .unwrap();
            assert_eq!(user_problems(&ledger.verify().unwrap()), 2, "v{v}");
        }
        assert!(opened >= 9, "the fixtures v3 to v{current} are there ({opened})");
    }
}
