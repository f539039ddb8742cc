//! Tamper evidence: every append-only record (bills, payments, notes, service events, fund
//! movements, closed months, the Board's records, whole checks) takes the next place in one
//! hash chain. Each link's hash covers the previous hash, the record's kind and its canonical
//! content, so an edit anywhere shows: `verify` walks every link and names each record that no
//! longer matches, and the heads that bundles and backups recorded must still be on it.
//! `verify_quick` walks only what came after the last whole check sealed in the chain.

use crate::error::{Result, Text};
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Reads a record's human reference and canonical content by id (`None` when deleted).
pub type ContentFn = fn(&Connection, i64) -> rusqlite::Result<Option<(String, String)>>;

/// A kind of record in the chain: its name in the chain, the query that yields its canonical
/// content and human reference, and the table that holds its records (by rowid). Each module that seals records
/// declares its own; the domains hand them to the ledger
/// in a [`SealedKinds`].
pub struct RecordKind {
    pub name: &'static str,
    pub content: ContentFn,
    pub table: &'static str,
}

/// What the domains hand the ledger when it is opened: every kind sealed in the chain (records
/// sealed once, [`RecordKind`], and records sealed at each change, [`SealedState`]) and the
/// checks of their own that a whole verification runs beside the chain's.
pub struct SealedKinds<'a> {
    pub kinds: &'a [RecordKind],
    pub states: &'a [SealedState],
    /// Run by every verification (a bill and the reading it used must agree).
    pub checks: &'a [DomainCheck],
    /// Run only when everything else is whole (the numbering of the series: a gap means
    /// something only in a chain that holds).
    pub checks_when_whole: &'a [DomainCheck],
}

/// A domain's own check of what it keeps: each problem found, named as a break.
pub type DomainCheck = fn(&Connection) -> Result<Vec<ChainBreak>>;

/// A kind of record the program itself changes (a tariff imported again before any bill used
/// it, a user's password, the settings): each change appends a link that keeps the content it
/// sealed, and `verify` compares each record with its last sealed version. Changes reach the
/// chain through `seal_queue`, which the schema's triggers fill inside the writing transaction.
///
/// What a state's content covers is history, like the link format: a query is never edited
/// once shipped. A new query is appended as the next version, from the ledger version whose
/// migration brings it; contents of version 2 and later carry their version ("v2:[…]") inside
/// what the link seals, so each record is compared with the query that sealed it, a migration
/// seals with the query of its own time, and an old link keeps meaning what it meant.
pub struct SealedState {
    pub name: &'static str,
    /// Oldest first: version 1 is the first. Each yields every record there is, as
    /// `(id, reference, content)`; one record is read with the same query filtered on `id`.
    pub versions: &'static [StateQuery],
}

/// One version of a sealed state's query.
pub struct StateQuery {
    /// The ledger version (after its migration) from which this query seals.
    pub since: i64,
    pub sql: &'static str,
}

impl SealedState {
    /// The version that seals on a ledger at `schema` (`None` before the state existed).
    fn version_at(&self, schema: i64) -> Option<usize> {
        self.versions.iter().rposition(|q| q.since <= schema).map(|i| i + 1)
    }

    /// The query of `version`, its content tagged from version 2 on.
    fn query(&self, version: usize) -> Option<String> {
        let sql = self.versions.get(version.checked_sub(1)?)?.sql;
        Some(match version {
            1 => sql.to_string(),
            v => format!("SELECT id, reference, 'v{v}:' || content AS content FROM ({sql})"),
        })
    }

    /// One record's reference and content as `version` reads it (`None` when it is gone).
    fn one(&self, conn: &Connection, id: i64, version: usize) -> Result<Option<(String, String)>> {
        let sql = self.query(version).ok_or_else(|| self.unknown(version))?;
        Ok(conn
            .prepare_cached(&format!("SELECT reference, content FROM ({sql}) WHERE id = ?1"))?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    fn unknown(&self, version: usize) -> crate::error::Error {
        crate::error::Error::Internal(format!("{} has no sealed query of version {version}", self.name))
    }
}

/// The version of the query that sealed `content` (untagged contents are version 1).
fn version_of(content: &str) -> usize {
    content
        .strip_prefix('v')
        .and_then(|rest| rest.split_once(':'))
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or(1)
}

/// How a link's content is written. Links made before ledger version 10 joined some kinds'
/// fields with `|`, which names and addresses may contain (two different records could seal
/// the same text); every link since writes its fields as a JSON array and says so in its hash.
pub const FORMAT: i64 = 2;

/// The kinds whose links before [`FORMAT`] 2 joined their fields with `|`.
const PIPE_JOINED: &[&str] = &[
    "bill",
    "payment",
    "note",
    "service_event",
    "fund_spending",
    "operator_entry",
    "month_close",
];

/// A record's fields as its content: a JSON array of strings, unambiguous whatever they hold.
/// Written straight into one string (a billing run seals thousands of records).
pub struct Fields(String);

impl Default for Fields {
    fn default() -> Fields {
        Fields::new()
    }
}

impl Fields {
    pub fn new() -> Fields {
        let mut s = String::with_capacity(256);
        s.push('[');
        Fields(s)
    }

    pub fn push(&mut self, value: impl std::fmt::Display) -> &mut Fields {
        use std::fmt::Write;
        if self.0.len() > 1 {
            self.0.push(',');
        }
        self.0.push('"');
        // Writing to a String cannot fail.
        let _ = write!(Escaped(&mut self.0), "{value}");
        self.0.push('"');
        self
    }

    pub fn done(mut self) -> String {
        self.0.push(']');
        self.0
    }
}

/// Writes text as the inside of a JSON string.
struct Escaped<'a>(&'a mut String);

impl std::fmt::Write for Escaped<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        for c in s.chars() {
            match c {
                '"' => self.0.push_str("\\\""),
                '\\' => self.0.push_str("\\\\"),
                c if (c as u32) < 0x20 => {
                    let _ = write!(self.0, "\\u{:04x}", c as u32);
                }
                c => self.0.push(c),
            }
        }
        Ok(())
    }
}

/// [`Fields`] of a list of strings.
pub fn fields(parts: &[String]) -> String {
    let mut f = Fields::new();
    for p in parts {
        f.push(p);
    }
    f.done()
}

/// The content a link of `format` sealed for a record whose content is `content` now.
fn as_sealed(kind: &str, format: i64, content: String) -> String {
    if format >= FORMAT || !PIPE_JOINED.contains(&kind) {
        return content;
    }
    match serde_json::from_str::<Vec<String>>(&content) {
        Ok(parts) => parts.join("|"),
        Err(_) => content,
    }
}

/// A link's hash in its format: format 2 names itself in what it covers, so a link cannot be
/// passed off as one of the older format.
fn link_hash_as(format: i64, prev: &str, kind: &str, content: &str) -> String {
    if format < FORMAT {
        return link_hash(prev, kind, content);
    }
    // What link_hash covers, with the format after the kind: prev \n kind \n format=2 \n content.
    let mut h = Sha256::new();
    for part in [
        prev.as_bytes(),
        b"\n",
        kind.as_bytes(),
        b"\nformat=",
        format.to_string().as_bytes(),
        b"\n",
    ] {
        h.update(part);
    }
    h.update(content.as_bytes());
    hex(&h.finalize())
}

pub fn link_hash(prev: &str, kind: &str, content: &str) -> String {
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\n");
    h.update(kind.as_bytes());
    h.update(b"\n");
    h.update(content.as_bytes());
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

pub fn head(conn: &Connection) -> Result<String> {
    Ok(conn
        .query_row("SELECT hash FROM chain ORDER BY seq DESC LIMIT 1", [], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| GENESIS.to_string()))
}

/// A cursor that appends links inside the caller's transaction, keeping the head in memory so
/// a billing run of thousands of bills does not re-read it per bill.
pub struct Appender {
    head: String,
}

impl Appender {
    pub fn start(conn: &Connection) -> Result<Appender> {
        Ok(Appender { head: head(conn)? })
    }

    pub fn push(&mut self, conn: &Connection, kind: &str, record_id: i64, content: &str) -> Result<()> {
        let hash = link_hash_as(FORMAT, &self.head, kind, content);
        conn.prepare_cached(
            "INSERT INTO chain (kind, record_id, prev_hash, hash, format) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute((kind, record_id, &self.head, &hash, FORMAT))?;
        self.head = hash;
        Ok(())
    }

    /// A link of a [`SealedState`] kind: the content it seals is kept in the link.
    fn push_state(&mut self, conn: &Connection, kind: &str, record_id: i64, content: &str) -> Result<()> {
        let hash = link_hash_as(FORMAT, &self.head, kind, content);
        conn.prepare_cached(
            "INSERT INTO chain (kind, record_id, prev_hash, hash, content, format) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute((kind, record_id, &self.head, &hash, content, FORMAT))?;
        self.head = hash;
        Ok(())
    }
}

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
fn state_problems(conn: &Connection, states: &[SealedState], problems: &mut Vec<ChainBreak>) -> Result<()> {
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

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct ChainBreak {
    pub seq: Option<i64>,
    pub kind: String,
    pub record_id: Option<i64>,
    /// The record as people know it: a bill number, a receipt number.
    pub reference: String,
    pub reason: Text,
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct ChainReport {
    pub links: u64,
    pub head: String,
    /// What `PRAGMA integrity_check` said; `None` for a quick check, which does not run it.
    pub integrity: Option<String>,
    /// A quick check: the whole check it started from, and how many links it re-read after it.
    pub since: Option<CheckBasis>,
    /// The first break of the chain, if any, then other problems found.
    pub problems: Vec<ChainBreak>,
    /// Whether this whole check was sealed in the chain for later quick checks.
    pub sealed: bool,
    /// Where a whole walk ended, to seal it.
    #[serde(skip)]
    #[cfg_attr(feature = "ts-rs", ts(skip))]
    pub tip: Option<Tip>,
}

/// The last link a whole walk read, and how many links of each kind it read.
#[derive(Debug, Clone)]
pub struct Tip {
    seq: i64,
    hash: String,
    by_kind: BTreeMap<String, i64>,
}

/// The whole check a quick check builds on.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct CheckBasis {
    /// When the whole check ran (local time, `YYYY-MM-DDTHH:MM:SS±hh:mm`).
    pub checked_at: String,
    /// The links it covered, and the links after them re-read now.
    pub through: u64,
    pub rechecked: u64,
}

impl ChainReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty() && self.integrity.as_deref().is_none_or(|i| i == "ok")
    }
}

/// The kind a whole check is sealed as.
pub const CHECK_KIND: &str = "ledger_check";

/// The links walked: how many of each kind, and whether a given record's link was among them.
struct Walk {
    links: u64,
    /// The heads looked for (recorded by bundles) that were met on the way.
    met: std::collections::HashSet<String>,
    by_kind: BTreeMap<String, i64>,
    saw: bool,
    last_seq: i64,
    last_hash: String,
    /// A link out of place or of an unknown kind ended the walk: what follows is not known.
    broken: bool,
}

/// Walks the links after `after_seq` (whose hash is `after_hash`), re-reading each record and
/// recomputing its link; the first break ends the walk. `look_for` is a (kind, record) whose
/// link must be among them.
fn walk(
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
fn count_problems(
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
fn bundle_heads(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare("SELECT name, ledger_head FROM bundles ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Each backup recorded the chain's length and head when it was taken: the link at that
/// length must still have that hash, or the history it copied was cut or rewritten.
fn backup_problems(conn: &Connection, problems: &mut Vec<ChainBreak>) -> Result<()> {
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

/// The last whole check sealed in the ledger: its record, and where the chain stood.
struct Sealed {
    id: i64,
    checked_at: String,
    through_seq: i64,
    through_hash: String,
    links: BTreeMap<String, i64>,
}

fn last_sealed(conn: &Connection) -> Result<Option<Sealed>> {
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

fn canonical_check(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
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
