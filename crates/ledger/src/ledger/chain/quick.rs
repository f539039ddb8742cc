//! The quick check from the last sealed whole check, and the sealing of a whole check as a
//! record of the chain itself.

use super::*;

/// The last whole check sealed in the ledger: its record, and where the chain stood.
pub(super) struct Sealed {
    id: i64,
    checked_at: String,
    through_seq: i64,
    through_hash: String,
    links: BTreeMap<String, i64>,
}

pub(super) fn last_sealed(conn: &Connection) -> Result<Option<Sealed>> {
    let row = conn
        .query_row(
            "SELECT id, checked_at, through_seq, through_hash, links FROM ledger_checks ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, String>(4)?)),
        )
        .optional()?;
    Ok(row.map(|(id, checked_at, through_seq, through_hash, links)| Sealed {
        id,
        checked_at,
        through_seq,
        through_hash,
        // Malformed counts (an edit) compare as none, and every kind then shows its difference.
        links: serde_json::from_str(&links).unwrap_or_default(),
    }))
}

/// Checks the chain from the last whole check sealed in it: that check's own link and every
/// link after it are re-read and recomputed, the link it stopped at must be unchanged, and
/// every kind's records must match its links. A record changed before that check (only
/// possible outside the program) is found by the next whole check, not by this one. Without
/// a sealed check, a whole one.
pub fn verify_quick(conn: &Connection, all: &SealedKinds<'_>) -> Result<ChainReport> {
    let Some(sealed) = last_sealed(conn)? else {
        return verify(conn, all);
    };
    let mut problems = Vec::new();
    let at: Option<String> = conn
        .query_row("SELECT hash FROM chain WHERE seq = ?1", [sealed.through_seq], |r| {
            r.get(0)
        })
        .optional()?;
    let stood = if sealed.through_seq == 0 {
        Some(GENESIS.to_string())
    } else {
        at
    };
    let (es_at, en_at) = (
        crate::i18n::Lang::Es.stamp(&sealed.checked_at),
        crate::i18n::Lang::En.stamp(&sealed.checked_at),
    );
    let whole = Text::new(
        format!("desde la revisión completa del {es_at}"),
        format!("since the whole check of {en_at}"),
    );
    if stood.as_deref() != Some(sealed.through_hash.as_str()) {
        problems.push(ChainBreak {
            seq: Some(sealed.through_seq),
            kind: CHECK_KIND.into(),
            record_id: Some(sealed.id),
            reference: String::new(),
            reason: Text::new(
                format!("la cadena fue reescrita {}", whole.es),
                format!("the chain was rewritten {}", whole.en),
            ),
        });
    }
    let mut w = Walk {
        links: 0,
        by_kind: BTreeMap::new(),
        saw: false,
        last_seq: sealed.through_seq,
        last_hash: sealed.through_hash.clone(),
        met: std::collections::HashSet::new(),
        broken: false,
    };
    if problems.is_empty() {
        w = walk(
            conn,
            all,
            sealed.through_seq,
            &sealed.through_hash,
            Some((CHECK_KIND, sealed.id)),
            &std::collections::HashSet::new(),
            &mut problems,
        )?;
    }
    if problems.is_empty() && !w.saw {
        // A check written into the table by hand, without its link: it vouches for nothing.
        problems.push(ChainBreak {
            seq: None,
            kind: CHECK_KIND.into(),
            record_id: Some(sealed.id),
            reference: String::new(),
            reason: Text::new(
                format!("la revisión completa del {es_at} no está sellada en la cadena (se agregó fuera de Caudal)"),
                format!("the whole check of {en_at} is not sealed in the chain (added outside Caudal)"),
            ),
        });
    }
    if problems.is_empty() {
        let mut linked = sealed.links;
        for (kind, n) in w.by_kind {
            *linked.entry(kind).or_default() += n;
        }
        count_problems(conn, all.kinds, &linked, &mut problems)?;
    }
    // The records the program changes are few (tariffs, meters, users, settings, targets):
    // each is compared with its last sealed version every time.
    state_problems(conn, all.states, &mut problems)?;
    backup_problems(conn, &mut problems)?;
    let through = u64::try_from(sealed.through_seq).unwrap_or(0);
    Ok(ChainReport {
        links: through + w.links,
        head: w.last_hash,
        integrity: None,
        since: Some(CheckBasis {
            checked_at: sealed.checked_at,
            through,
            rechecked: w.links,
        }),
        problems,
        sealed: false,
        tip: None,
    })
}

/// Seals a whole check that found the chain whole where its walk ended, in the caller's
/// transaction: later quick checks start from it. A report with problems is not sealed.
pub fn seal_check(tx: &Connection, report: &ChainReport, at: &str) -> Result<bool> {
    let Some(tip) = report.tip.as_ref().filter(|_| report.ok()) else {
        return Ok(false);
    };
    let links = serde_json::to_string(&tip.by_kind).map_err(|e| crate::error::Error::Internal(e.to_string()))?;
    tx.execute(
        "INSERT INTO ledger_checks (checked_at, through_seq, through_hash, links) VALUES (?1, ?2, ?3, ?4)",
        (at, tip.seq, &tip.hash, &links),
    )?;
    let id = tx.last_insert_rowid();
    let (_, content) = canonical_check(tx, id)?
        .ok_or_else(|| crate::error::Error::Internal("the check just sealed is gone".into()))?;
    Appender::start(tx)?.push(tx, CHECK_KIND, id, &content)?;
    Ok(true)
}

pub(super) fn canonical_check(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(
        "SELECT checked_at, json_array(id, checked_at, through_seq, through_hash, links) FROM ledger_checks WHERE id = ?1",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

/// Whole checks, sealed like every other record.
pub const CHECK_RECORD: RecordKind = RecordKind {
    name: CHECK_KIND,
    content: canonical_check,
    table: "ledger_checks",
};
