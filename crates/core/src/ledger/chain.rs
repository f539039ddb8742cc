//! Tamper evidence: every append-only record (bills, payments, notes, service events, fund
//! movements, closed months) takes the next place in one hash chain. Each link's hash covers the previous
//! hash, the record's kind and its canonical content, so an edit anywhere breaks every link
//! after it, and `verify` names the first record that no longer matches.

use crate::error::{Result, Text};
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Reads a record's human reference and canonical content by id (`None` when deleted).
pub(crate) type ContentFn = fn(&Connection, i64) -> rusqlite::Result<Option<(String, String)>>;

/// A kind of record in the chain: its name in the chain, the query that yields its canonical
/// content and human reference, and how to count its records. Each module that seals records
/// declares its own; [`crate::records`] lists them for `verify`.
pub(crate) struct Kind {
    pub name: &'static str,
    pub content: ContentFn,
    pub count_sql: &'static str,
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
        let hash = link_hash(&self.head, kind, content);
        conn.prepare_cached("INSERT INTO chain (kind, record_id, prev_hash, hash) VALUES (?1, ?2, ?3, ?4)")?
            .execute((kind, record_id, &self.head, &hash))?;
        self.head = hash;
        Ok(())
    }
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
    pub integrity: String,
    /// The first break of the chain, if any, then other problems found.
    pub problems: Vec<ChainBreak>,
}

impl ChainReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty() && self.integrity == "ok"
    }
}

/// Walks the chain over records of `kinds`; the caller adds its own checks when it is whole.
pub(crate) fn verify(conn: &Connection, kinds: &[Kind]) -> Result<ChainReport> {
    let integrity: String = conn.query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))?;
    let mut problems = Vec::new();
    let mut stmt = conn.prepare("SELECT seq, kind, record_id, prev_hash, hash FROM chain ORDER BY seq")?;
    let mut rows = stmt.query([])?;
    let mut expected_prev = GENESIS.to_string();
    let mut links = 0u64;
    let mut last_seq = 0i64;
    while let Some(r) = rows.next()? {
        let (seq, kind, record_id): (i64, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let (prev, hash): (String, String) = (r.get(3)?, r.get(4)?);
        links += 1;
        let mut fail = |reference: String, es: String, en: String| {
            problems.push(ChainBreak {
                seq: Some(seq),
                kind: kind.clone(),
                record_id: Some(record_id),
                reference,
                reason: Text::new(es, en),
            });
        };
        if seq != last_seq + 1 {
            fail(
                String::new(),
                format!("falta el eslabón {} de la cadena", last_seq + 1),
                format!("chain link {} is missing", last_seq + 1),
            );
        }
        last_seq = seq;
        if prev != expected_prev {
            fail(
                String::new(),
                format!("el eslabón {seq} no apunta al anterior"),
                format!("link {seq} does not point to the one before it"),
            );
        }
        let Some(k) = kinds.iter().find(|k| k.name == kind) else {
            fail(
                String::new(),
                format!("tipo de registro desconocido «{kind}»"),
                format!("unknown record kind «{kind}»"),
            );
            break;
        };
        match (k.content)(conn, record_id)? {
            None => fail(
                format!("#{record_id}"),
                "el registro fue borrado".into(),
                "the record was deleted".into(),
            ),
            Some((reference, content)) => {
                if link_hash(&prev, &kind, &content) != hash {
                    fail(
                        reference,
                        "su contenido no coincide con el sellado al emitirlo (fue modificado)".into(),
                        "its content does not match what was sealed when issued (it was modified)".into(),
                    );
                }
            }
        }
        if !problems.is_empty() {
            // The first break is what matters; everything after it is suspect anyway.
            break;
        }
        expected_prev = hash;
    }
    drop(rows);
    if problems.is_empty() {
        for k in kinds {
            let records: i64 = conn.query_row(k.count_sql, [], |r| r.get(0))?;
            let linked: i64 = conn.query_row("SELECT count(*) FROM chain WHERE kind = ?1", [k.name], |r| r.get(0))?;
            if records != linked {
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
    }
    Ok(ChainReport {
        links,
        head: head(conn)?,
        integrity,
        problems,
    })
}
