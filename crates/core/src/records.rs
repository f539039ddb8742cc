//! The seals: every kind of record sealed in the hash chain, as each owning module declares it,
//! and the domains' own checks, handed to the ledger (which knows no domain) when it is opened,
//! created, restored or checked for damage. Above every domain: nothing below names it.

use crate::access::Actor;
use crate::error::Result;
use crate::ledger::{Ledger, NewLedger, backup, migrations};
use std::path::Path;

use crate::ledger::chain::{RecordKind, SealedKinds, SealedState, StateQuery};

const KINDS: &[RecordKind] = &[
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
    // A reading a bill used is part of the bill, which keeps it: the two must agree.
    checks: &[crate::billing::store::reading_problems],
    checks_when_whole: &[crate::billing::store::numbering_problems],
};

impl Ledger {
    /// Creates a new ledger file; refuses to touch an existing one.
    pub fn create(path: &Path, setup: &NewLedger, actor: &Actor) -> Result<Ledger> {
        Ok(Ledger::from(caudal_ledger::Ledger::create(
            path, setup, actor, &SEALED,
        )?))
    }

    /// The window's first start: a new ledger with its first administrator and `then`'s first
    /// settings, whole or not at all (see [`caudal_ledger::Ledger::create_first`]).
    pub fn create_first(
        path: &Path,
        setup: &NewLedger,
        admin: &crate::users::NewUser,
        then: impl FnOnce(&mut Ledger, &Actor) -> Result<()>,
    ) -> Result<Ledger> {
        let kernel = caudal_ledger::Ledger::create_first(path, setup, admin, &SEALED, |kernel, actor| {
            let mut ledger = Ledger::from(kernel);
            then(&mut ledger, actor)?;
            Ok(ledger.into_kernel())
        })?;
        Ok(Ledger::from(kernel))
    }

    /// A ledger in memory, for tests and benchmarks' baselines.
    pub fn create_in_memory(setup: &NewLedger, actor: &Actor) -> Result<Ledger> {
        Ok(Ledger::from(caudal_ledger::Ledger::create_in_memory(
            setup, actor, &SEALED,
        )?))
    }

    /// Opens an existing ledger, bringing it up to this version's schema (after a backup of
    /// it as it was). A ledger written by a newer Caudal is refused before anything is changed.
    pub fn open(path: &Path) -> Result<Ledger> {
        Ledger::open_with(path, true)
    }

    /// [`Ledger::open`], with or without the backup before a migration (a scratch copy being
    /// read needs none).
    pub(crate) fn open_with(path: &Path, backup_before_migration: bool) -> Result<Ledger> {
        Ledger::open_sealing(path, backup_before_migration, &SEALED)
    }

    /// [`Ledger::open_with`], sealing the kinds of `sealed` (a test's registry with a query
    /// changed since).
    pub(crate) fn open_sealing(
        path: &Path,
        backup_before_migration: bool,
        sealed: &'static SealedKinds<'static>,
    ) -> Result<Ledger> {
        let mut ledger = Ledger::from(caudal_ledger::Ledger::open_with(path, backup_before_migration, sealed)?);
        // A ledger from before version 10 kept its delivery targets' passwords as typed.
        if backup_before_migration
            && ledger
                .migrated_from()
                .is_some_and(|v| v < migrations::SEALED_STATE as i64)
        {
            ledger.seal_kept_secrets()?;
        }
        Ok(ledger)
    }

    /// Replaces the ledger at `live` with the verified copy at `from` (see
    /// [`caudal_ledger::Ledger::restore`]).
    pub fn restore(live: &Path, from: &Path, actor: &Actor, other_ledger: bool) -> Result<backup::RestoreOutcome> {
        caudal_ledger::Ledger::restore(live, from, actor, other_ledger, &SEALED)
    }

    /// Restores a damaged ledger from one of its own copies, an administrator of the copy
    /// signing in against it (see [`caudal_ledger::Ledger::restore_damaged`]).
    pub fn restore_damaged(live: &Path, from: &Path, name: &str, password: &str) -> Result<backup::RestoreOutcome> {
        caudal_ledger::Ledger::restore_damaged(live, from, name, password, &SEALED)
    }
}

/// Whether the ledger at `path` is damaged, and its newest good copy (see
/// [`caudal_ledger::ledger::backup::damage`]), each copy verified with every domain's seals.
pub fn damage(path: &Path, every_page: bool) -> Result<Option<backup::Damage>> {
    backup::damage(path, every_page, &SEALED)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Actor;
    use crate::Ledger;
    use crate::ledger::ChainReport;

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
            checks: SEALED.checks,
            checks_when_whole: SEALED.checks_when_whole,
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
