//! Plain-SQL migrations, one transaction each, tracked by `PRAGMA user_version`. A ledger whose
//! version is newer than this program knows is refused untouched.

use super::chain::SealedKinds;
use crate::error::{Error, Result, Text};
use rusqlite::{Connection, TransactionBehavior};

/// Migration `i` brings the ledger from version `i` to `i + 1`. Append only: never edit one
/// that has shipped.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_initial.sql"),
    include_str!("migrations/002_payments.sql"),
    include_str!("migrations/003_bundles.sql"),
    include_str!("migrations/004_accounts.sql"),
    include_str!("migrations/005_backups.sql"),
    include_str!("migrations/006_complaints.sql"),
    include_str!("migrations/007_quality.sql"),
    include_str!("migrations/008_board.sql"),
    include_str!("migrations/009_ledger_checks.sql"),
    include_str!("migrations/010_sealed_state.sql"),
    include_str!("migrations/011_sample_low.sql"),
    include_str!("migrations/012_sealed_connections.sql"),
];

/// The version after which a ledger seals the records the program changes (migration 010).
pub const SEALED_STATE: usize = 10;

/// The schema version this release writes (the number of migrations).
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the ledger up to [`CURRENT_VERSION`], each migration in its own transaction, sealing with `sealed`'s queries of that version; a newer ledger is refused untouched.
pub fn apply(conn: &mut Connection, sealed: &SealedKinds<'_>) -> Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version < 0 {
        // Read as a count it would skip every migration: a version no release writes.
        return Err(Error::Ledger(Text::new(
            format!(
                "La versión del libro ({version}) no es una que Caudal escriba: el archivo fue modificado fuera de Caudal; no se cambió nada."
            ),
            format!(
                "The ledger's version ({version}) is not one Caudal writes: the file was changed outside Caudal; nothing was changed."
            ),
        )));
    }
    if version > CURRENT_VERSION {
        return Err(Error::Ledger(Text::new(
            format!(
                "Este libro fue escrito por una versión más nueva de Caudal (versión {version} del libro; \
                 esta versión conoce hasta la {CURRENT_VERSION}). Actualice Caudal; el libro no se modificó."
            ),
            format!(
                "This ledger was written by a newer Caudal (ledger version {version}; this program knows up to \
                 {CURRENT_VERSION}). Update Caudal; the ledger was not changed."
            ),
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        if i + 1 == SEALED_STATE {
            // Sealing needs the chain's hashes, which SQL cannot compute: what the ledger held
            // before is sealed here, in the migration's own transaction.
            super::verify::seal_what_was_there(&tx, sealed)?;
        } else if i + 1 > SEALED_STATE {
            // A later migration that seals another kind queues what is there already; it is
            // sealed as that migration's own version reads it.
            super::verify::seal_at(&tx, sealed, i as i64 + 1)?;
        }
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// The guards this release's schema puts on the ledger (its triggers: issued records are
/// immutable, the chain and the audit log append-only), by name, as the migrations write them
/// (applied, with the domains' seals, to an empty file; the guards are the same whatever
/// registry a ledger is opened with, so the first is kept).
fn expected_triggers(sealed: &SealedKinds<'_>) -> &'static [(String, String)] {
    static EXPECTED: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    EXPECTED.get_or_init(|| {
        let read = || -> Result<Vec<(String, String)>> {
            let mut mem = Connection::open_in_memory()?;
            apply(&mut mem, sealed)?;
            triggers(&mem)
        };
        // The migrations are this program's own text: they always apply to an empty database.
        read().unwrap_or_default()
    })
}

fn triggers(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get::<_, Option<String>>(1)?.unwrap_or_default()))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What differs between the ledger's guards and this release's: each one removed, changed or
/// added outside the program, named.
pub fn schema_problems(conn: &Connection, sealed: &SealedKinds<'_>) -> Result<Vec<Text>> {
    let found = triggers(conn)?;
    let expected = expected_triggers(sealed);
    let mut out = Vec::new();
    for (name, sql) in expected {
        match found.iter().find(|(n, _)| n == name) {
            None => out.push(Text::new(
                format!("se quitó la protección «{name}» del libro (fuera de Caudal)"),
                format!("the ledger's guard «{name}» was removed (outside Caudal)"),
            )),
            Some((_, s)) if s != sql => out.push(Text::new(
                format!("se cambió la protección «{name}» del libro (fuera de Caudal)"),
                format!("the ledger's guard «{name}» was changed (outside Caudal)"),
            )),
            Some(_) => {}
        }
    }
    for (name, _) in &found {
        if !expected.iter().any(|(n, _)| n == name) {
            out.push(Text::new(
                format!("se agregó la regla «{name}» al libro fuera de Caudal"),
                format!("the rule «{name}» was added to the ledger outside Caudal"),
            ));
        }
    }
    Ok(out)
}
