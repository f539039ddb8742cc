//! The records the program changes (tariffs, meters, users, settings): each change sealed with
//! the query of its ledger version, and each record compared with its last sealed version.

use super::*;

/// Seals what the writing transaction changed of the [`SealedState`] kinds (the records the
/// program changes), with the queries of ledger version `schema` (a migration's own, or this
/// release's).
pub fn seal_changes(tx: &Connection, states: &[SealedState], schema: i64) -> Result<()> {
    let queued: Vec<(String, i64)> = {
        let mut stmt = tx.prepare_cached("SELECT kind, record_id FROM seal_queue ORDER BY kind, record_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    if queued.is_empty() {
        return Ok(());
    }
    let mut appender = Appender::start(tx)?;
    let mut last =
        tx.prepare_cached("SELECT content FROM chain WHERE kind = ?1 AND record_id = ?2 AND content IS NOT NULL ORDER BY seq DESC LIMIT 1")?;
    for (kind, id) in queued {
        let state = states
            .iter()
            .find(|s| s.name == kind)
            .ok_or_else(|| crate::error::Error::Internal(format!("no sealed state is named {kind}")))?;
        let version = state
            .version_at(schema)
            .ok_or_else(|| crate::error::Error::Internal(format!("{kind} is not sealed at ledger version {schema}")))?;
        let content = state
            .one(tx, id, version)?
            .map(|(_, c)| c)
            .unwrap_or_else(|| "null".into());
        let sealed: Option<Option<String>> = last.query_row((&kind, id), |r| r.get(0)).optional()?;
        if sealed.flatten().as_deref() != Some(content.as_str()) {
            appender.push_state(tx, &kind, id, &content)?;
        }
    }
    tx.execute("DELETE FROM seal_queue", [])?;
    Ok(())
}

/// Each record of the [`SealedState`] kinds against its last sealed version, read with the
/// query that sealed it: one changed, added or removed outside the program is named.
pub(super) fn state_problems(conn: &Connection, states: &[SealedState], problems: &mut Vec<ChainBreak>) -> Result<()> {
    let schema: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let mut latest: BTreeMap<(String, i64), (i64, String)> = BTreeMap::new();
    {
        let mut stmt =
            conn.prepare("SELECT seq, kind, record_id, content FROM chain WHERE content IS NOT NULL ORDER BY seq")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            latest.insert((r.get(1)?, r.get(2)?), (r.get(0)?, r.get(3)?));
        }
    }
    for s in states {
        let Some(current) = s.version_at(schema) else {
            continue;
        };
        // Every record of the kind in one read per version in use, not a query per record (a
        // town's meters): the records sealed by an older query are read again with it.
        let mut older: BTreeMap<usize, std::collections::HashMap<i64, String>> = BTreeMap::new();
        for ((kind, _), (_, sealed)) in &latest {
            let v = version_of(sealed);
            if kind == s.name && sealed != "null" && v != current && !older.contains_key(&v) {
                let sql = s.query(v).ok_or_else(|| s.unknown(v))?;
                let mut stmt = conn.prepare(&sql)?;
                let read = stmt
                    .query_map([], |r| Ok((r.get(0)?, r.get(2)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                older.insert(v, read);
            }
        }
        let sql = s.query(current).ok_or_else(|| s.unknown(current))?;
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (id, reference, content): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let (seq, es, en) = match latest.remove(&(s.name.to_string(), id)) {
                None => (
                    None,
                    "no está sellado en la cadena (se agregó fuera de Caudal)",
                    "it is not sealed in the chain (added outside Caudal)",
                ),
                Some((seq, sealed)) => {
                    let now = match version_of(&sealed) {
                        v if v == current => Some(&content),
                        v => older.get(&v).and_then(|m| m.get(&id)),
                    };
                    if now == Some(&sealed) {
                        continue;
                    }
                    (
                        Some(seq),
                        "no coincide con su última versión sellada (se modificó fuera de Caudal)",
                        "it does not match its last sealed version (changed outside Caudal)",
                    )
                }
            };
            problems.push(ChainBreak {
                seq,
                kind: s.name.into(),
                record_id: Some(id),
                reference,
                reason: Text::new(es, en),
            });
        }
    }
    for ((kind, id), (seq, content)) in latest {
        if content != "null" && states.iter().any(|s| s.name == kind) {
            problems.push(ChainBreak {
                seq: Some(seq),
                kind,
                record_id: Some(id),
                reference: format!("#{id}"),
                reason: Text::new(
                    "el registro fue borrado fuera de Caudal",
                    "the record was deleted outside Caudal",
                ),
            });
        }
    }
    Ok(())
}
