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
mod format;
mod quick;
mod states;
mod walk;
pub use format::*;
pub use quick::*;
pub use states::*;
pub use walk::*;

/// The previous hash of the first link.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Reads a record's human reference and canonical content by id (`None` when deleted).
pub type ContentFn = fn(&Connection, i64) -> rusqlite::Result<Option<(String, String)>>;

/// A kind of record in the chain: its name in the chain, the query that yields its canonical
/// content and human reference, and the table that holds its records (by rowid). Each module that seals records
/// declares its own; the domains hand them to the ledger
/// in a [`SealedKinds`].
pub struct RecordKind {
    /// Its name in the chain (`bill`, `payment`…).
    pub name: &'static str,
    /// How a record's reference and canonical content are read by id.
    pub content: ContentFn,
    /// The table that holds its records (by rowid).
    pub table: &'static str,
}

/// What the domains hand the ledger when it is opened: every kind sealed in the chain (records
/// sealed once, [`RecordKind`], and records sealed at each change, [`SealedState`]) and the
/// checks of their own that a whole verification runs beside the chain's.
pub struct SealedKinds<'a> {
    /// Records sealed once, when they are issued.
    pub kinds: &'a [RecordKind],
    /// Records sealed at each change.
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
    /// Its name in the chain (`tariff`, `user`…).
    pub name: &'static str,
    /// Oldest first: version 1 is the first. Each yields every record there is, as
    /// `(id, reference, content)`; one record is read with the same query filtered on `id`.
    pub versions: &'static [StateQuery],
}

/// One version of a sealed state's query.
pub struct StateQuery {
    /// The ledger version (after its migration) from which this query seals.
    pub since: i64,
    /// The query of every record's `(id, reference, content)`.
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

/// The hash at the head of the chain ([`GENESIS`] for an empty ledger).
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
    /// An appender at the chain's present head.
    pub fn start(conn: &Connection) -> Result<Appender> {
        Ok(Appender { head: head(conn)? })
    }

    /// Appends the link of one record (`kind`, its id and canonical content).
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

/// One thing the verification found wrong: which link or record, and why.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct ChainBreak {
    /// The link's place in the chain, when it is a link.
    pub seq: Option<i64>,
    /// The kind of record (`bill`, `schema`, `audit`…).
    pub kind: String,
    /// The record's id, when it is one record.
    pub record_id: Option<i64>,
    /// The record as people know it: a bill number, a receipt number.
    pub reference: String,
    /// What is wrong, in both languages.
    pub reason: Text,
}

/// What a verification of the ledger found.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct ChainReport {
    /// How many links the chain has.
    pub links: u64,
    /// The hash at its head.
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
    /// How many links this check re-read (all of them, for a whole check).
    pub rechecked: u64,
}

impl ChainReport {
    /// Whether nothing was found wrong.
    pub fn ok(&self) -> bool {
        self.problems.is_empty() && self.integrity.as_deref().is_none_or(|i| i == "ok")
    }
}

/// The kind a whole check is sealed as.
pub const CHECK_KIND: &str = "ledger_check";
