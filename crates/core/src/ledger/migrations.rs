//! Plain-SQL migrations, one transaction each, tracked by `PRAGMA user_version`. A ledger whose
//! version is newer than this program knows is refused untouched.

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
];

pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn apply(conn: &mut Connection) -> Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
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
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
