//! The audit log: who wrote what, and when, one entry per writing transaction. Append-only,
//! and a hash chain of its own (each entry's hash covers the one before), so that an entry
//! changed, removed or added outside Caudal is named by `ledger verify`. It is kept apart
//! from the records' chain because its entries carry the clock: the records' head, which a
//! bundle records, stays the same for the same records whenever they were written.

use super::chain::{ChainBreak, GENESIS, link_hash};
use crate::error::{Result, Text};
use rusqlite::Connection;

/// The append-only guard on updates, as migration 010 puts it back after hashing.
pub const UPDATE_GUARD: &str = "CREATE TRIGGER audit_immutable_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;";

/// What an entry's hash covers, unambiguous whatever its text holds.
fn content(id: i64, at: &str, actor: &str, action: &str, detail: &str) -> String {
    serde_json::json!([id, at, actor, action, detail]).to_string()
}

/// Writes one entry in the caller's transaction, hashed on the one before it.
pub fn append(tx: &Connection, at: &str, actor: &str, action: &str, detail: &str) -> Result<()> {
    let (id, prev): (i64, Option<String>) = tx
        .prepare_cached(
            "SELECT coalesce(max(id), 0) + 1, (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) FROM audit_log",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let prev = prev.unwrap_or_else(|| GENESIS.to_string());
    let hash = link_hash(&prev, "audit", &content(id, at, actor, action, detail));
    tx.prepare_cached("INSERT INTO audit_log (id, at, actor, action, detail, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute((id, at, actor, action, detail, hash))?;
    Ok(())
}

/// Migration 010: hashes the entries a ledger already held, in order, then puts the guard back.
pub fn hash_existing(tx: &Connection) -> Result<()> {
    let rows: Vec<(i64, String, String, String, String)> = {
        let mut stmt = tx.prepare("SELECT id, at, actor, action, detail FROM audit_log ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut prev = GENESIS.to_string();
    let mut update = tx.prepare("UPDATE audit_log SET hash = ?1 WHERE id = ?2")?;
    for (id, at, actor, action, detail) in rows {
        prev = link_hash(&prev, "audit", &content(id, &at, &actor, &action, &detail));
        update.execute((&prev, id))?;
    }
    tx.execute_batch(UPDATE_GUARD)?;
    Ok(())
}

/// Walks the audit log: every entry whose hash does not follow from its content and the one
/// before it is named, as is an entry missing from the numbering. The walk goes on from each
/// entry as it was hashed, so every changed entry is named, not only the first.
pub fn problems(conn: &Connection) -> Result<Vec<ChainBreak>> {
    let mut stmt = conn.prepare("SELECT id, at, actor, action, detail, hash FROM audit_log ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    let (mut prev, mut last_id) = (GENESIS.to_string(), 0i64);
    let mut push = |id: i64, at: &str, es: String, en: String| {
        out.push(ChainBreak {
            seq: None,
            kind: "audit".into(),
            record_id: Some(id),
            reference: format!("#{id} {}", crate::Lang::Es.stamp(at)),
            reason: Text::new(es, en),
        });
    };
    while let Some(r) = rows.next()? {
        let (id, at, actor, action, detail): (i64, String, String, String, String) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        let hash: Option<String> = r.get(5)?;
        if id != last_id + 1 {
            push(
                id,
                &at,
                format!(
                    "faltan las entradas {} a {} (se borraron fuera de Caudal)",
                    last_id + 1,
                    id - 1
                ),
                format!(
                    "entries {} to {} are missing (deleted outside Caudal)",
                    last_id + 1,
                    id - 1
                ),
            );
        }
        last_id = id;
        let Some(hash) = hash else {
            push(
                id,
                &at,
                "no tiene su sello (se agregó fuera de Caudal)".into(),
                "it has no seal (added outside Caudal)".into(),
            );
            continue;
        };
        if link_hash(&prev, "audit", &content(id, &at, &actor, &action, &detail)) != hash {
            push(
                id,
                &at,
                "no coincide con lo sellado al escribirla (se modificó fuera de Caudal)".into(),
                "it does not match what was sealed when it was written (changed outside Caudal)".into(),
            );
        }
        prev = hash;
    }
    Ok(out)
}
