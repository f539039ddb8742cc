//! The whole check: every link recomputed from the first, each kind's records counted against
//! their links, the heads that bundles and backups recorded found on the chain.

use super::*;

/// The links walked: how many of each kind, and whether a given record's link was among them.
pub(super) struct Walk {
    pub(super) links: u64,
    /// The heads looked for (recorded by bundles) that were met on the way.
    pub(super) met: std::collections::HashSet<String>,
    pub(super) by_kind: BTreeMap<String, i64>,
    pub(super) saw: bool,
    pub(super) last_seq: i64,
    pub(super) last_hash: String,
    /// A link out of place or of an unknown kind ended the walk: what follows is not known.
    pub(super) broken: bool,
}

/// Walks the links after `after_seq` (whose hash is `after_hash`), re-reading each record and
/// recomputing its link; the first break ends the walk. `look_for` is a (kind, record) whose
/// link must be among them.
pub(super) fn walk(
    conn: &Connection,
    sealed: &SealedKinds<'_>,
    after_seq: i64,
    after_hash: &str,
    look_for: Option<(&str, i64)>,
    heads: &std::collections::HashSet<String>,
    problems: &mut Vec<ChainBreak>,
) -> Result<Walk> {
    let mut stmt = conn.prepare(
        "SELECT seq, kind, record_id, prev_hash, hash, content, format FROM chain WHERE seq > ?1 ORDER BY seq",
    )?;
    let mut rows = stmt.query([after_seq])?;
    let mut expected_prev = after_hash.to_string();
    let mut w = Walk {
        links: 0,
        by_kind: BTreeMap::new(),
        saw: false,
        last_seq: after_seq,
        last_hash: after_hash.to_string(),
        met: std::collections::HashSet::new(),
        broken: false,
    };
    let mut last_seq = after_seq;
    while let Some(r) = rows.next()? {
        let (seq, kind, record_id): (i64, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let (prev, hash): (String, String) = (r.get(3)?, r.get(4)?);
        let kept: Option<String> = r.get(5)?;
        let format: i64 = r.get(6)?;
        w.links += 1;
        *w.by_kind.entry(kind.clone()).or_default() += 1;
        if heads.contains(&hash) {
            w.met.insert(hash.clone());
        }
        if look_for == Some((kind.as_str(), record_id)) {
            w.saw = true;
        }
        let mut fail = |reference: String, es: String, en: String| {
            problems.push(ChainBreak {
                seq: Some(seq),
                kind: kind.clone(),
                record_id: Some(record_id),
                reference,
                reason: Text::new(es, en),
            });
        };
        let mut linked = true;
        if seq != last_seq + 1 {
            linked = false;
            fail(
                String::new(),
                format!("falta el eslabón {} de la cadena", last_seq + 1),
                format!("chain link {} is missing", last_seq + 1),
            );
        }
        last_seq = seq;
        if prev != expected_prev {
            linked = false;
            fail(
                String::new(),
                format!("el eslabón {seq} no apunta al anterior"),
                format!("link {seq} does not point to the one before it"),
            );
        }
        if sealed.states.iter().any(|s| s.name == kind) {
            // A version the link keeps: compared with the record by `state_problems`.
            let kept = kept.unwrap_or_default();
            if link_hash_as(format, &prev, &kind, &kept) != hash {
                fail(
                    format!("#{record_id}"),
                    "la versión sellada en la cadena fue alterada".into(),
                    "the version sealed in the chain was altered".into(),
                );
            }
            if !linked {
                w.broken = true;
                break;
            }
            (w.last_seq, w.last_hash) = (seq, hash.clone());
            expected_prev = hash;
            continue;
        }
        let Some(k) = sealed.kinds.iter().find(|k| k.name == kind) else {
            fail(
                String::new(),
                format!("tipo de registro desconocido «{kind}»"),
                format!("unknown record kind «{kind}»"),
            );
            w.broken = true;
            break;
        };
        match (k.content)(conn, record_id)? {
            None => fail(
                format!("#{record_id}"),
                "el registro fue borrado".into(),
                "the record was deleted".into(),
            ),
            Some((reference, content)) => {
                if link_hash_as(format, &prev, &kind, &as_sealed(&kind, format, content)) != hash {
                    fail(
                        reference,
                        "su contenido no coincide con el sellado al emitirlo (fue modificado)".into(),
                        "its content does not match what was sealed when issued (it was modified)".into(),
                    );
                }
            }
        }
        if !linked {
            // A link out of place breaks what follows: everything after it is suspect.
            w.broken = true;
            break;
        }
        // A record changed or deleted under a link still in place: named, and the walk goes
        // on from the link as it was sealed, so every such record is named.
        (w.last_seq, w.last_hash) = (seq, hash.clone());
        expected_prev = hash;
    }
    Ok(w)
}

/// Each kind's records against its links (`linked`): a record added outside the program is
/// named (it has no link); records removed show as a difference of counts.
pub(super) fn count_problems(
    conn: &Connection,
    kinds: &[RecordKind],
    linked: &BTreeMap<String, i64>,
    problems: &mut Vec<ChainBreak>,
) -> Result<()> {
    for k in kinds {
        let records: i64 = conn.query_row(&format!("SELECT count(*) FROM {}", k.table), [], |r| r.get(0))?;
        let linked = linked.get(k.name).copied().unwrap_or(0);
        if records == linked {
            continue;
        }
        let unlinked: Vec<i64> = {
            let mut stmt = conn.prepare(&format!(
                "SELECT rowid FROM {} WHERE rowid NOT IN (SELECT record_id FROM chain WHERE kind = ?1) ORDER BY rowid LIMIT 100",
                k.table
            ))?;
            let rows = stmt.query_map([k.name], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for id in &unlinked {
            let reference = (k.content)(conn, *id)?.map_or_else(|| format!("#{id}"), |(r, _)| r);
            problems.push(ChainBreak {
                seq: None,
                kind: k.name.into(),
                record_id: Some(*id),
                reference,
                reason: Text::new(
                    "no está sellado en la cadena (se agregó fuera de Caudal)",
                    "it is not sealed in the chain (added outside Caudal)",
                ),
            });
        }
        if unlinked.is_empty() {
            problems.push(ChainBreak {
                seq: None,
                kind: k.name.into(),
                record_id: None,
                reference: String::new(),
                reason: Text::new(
                    format!("hay {records} registros «{}» pero {linked} en la cadena (se agregaron o quitaron fuera de Caudal)", k.name),
                    format!("there are {records} «{}» records but {linked} in the chain (added or removed outside Caudal)", k.name),
                ),
            });
        }
    }
    Ok(())
}

/// Walks the whole chain over records of `kinds` and runs SQLite's integrity check; the
/// caller adds its own checks when it is whole.
pub fn verify(conn: &Connection, all: &SealedKinds<'_>) -> Result<ChainReport> {
    let integrity: String = conn.query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))?;
    let mut problems = Vec::new();
    let bundles = bundle_heads(conn)?;
    let heads = bundles.iter().map(|(_, h)| h.clone()).collect();
    let w = walk(conn, all, 0, GENESIS, None, &heads, &mut problems)?;
    state_problems(conn, all.states, &mut problems)?;
    if !w.broken {
        count_problems(conn, all.kinds, &w.by_kind, &mut problems)?;
        for (name, head) in &bundles {
            if head != GENESIS && !w.met.contains(head) {
                problems.push(ChainBreak {
                    seq: None,
                    kind: "bundle".into(),
                    record_id: None,
                    reference: name.clone(),
                    reason: Text::new(
                        "la cabeza de la cadena que guardó este paquete ya no está en la cadena (se cortó o reescribió la historia después de él)",
                        "the chain head this bundle recorded is no longer on the chain (the history after it was cut or rewritten)",
                    ),
                });
            }
        }
    }
    backup_problems(conn, &mut problems)?;
    let tip = problems.is_empty().then(|| Tip {
        seq: w.last_seq,
        hash: w.last_hash.clone(),
        by_kind: w.by_kind,
    });
    Ok(ChainReport {
        links: w.links,
        head: w.last_hash,
        integrity: Some(integrity),
        since: None,
        problems,
        sealed: false,
        tip,
    })
}

/// Each stored bundle's name and the chain head it recorded.
pub(super) fn bundle_heads(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare("SELECT name, ledger_head FROM bundles ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Each backup recorded the chain's length and head when it was taken: the link at that
/// length must still have that hash, or the history it copied was cut or rewritten.
pub(super) fn backup_problems(conn: &Connection, problems: &mut Vec<ChainBreak>) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT b.taken_at, b.links, b.chain_head, c.hash FROM backups b LEFT JOIN chain c ON c.seq = b.links
          WHERE b.links > 0 ORDER BY b.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    for row in rows {
        let (taken_at, links, head, hash) = row?;
        if hash.as_deref() != Some(head.as_str()) {
            let (es, en) = (
                crate::i18n::Lang::Es.stamp(&taken_at),
                crate::i18n::Lang::En.stamp(&taken_at),
            );
            problems.push(ChainBreak {
                seq: Some(links),
                kind: "backup".into(),
                record_id: None,
                reference: String::new(),
                reason: Text::new(
                    format!("la copia de seguridad del {es} guardó el eslabón {links} con otra cabeza: la cadena se cortó o reescribió después"),
                    format!("the backup of {en} recorded link {links} with another head: the chain was cut or rewritten since"),
                ),
            });
        }
    }
    Ok(())
}
