//! The accounts kernel (docs/accounts.md): what each connection owes is one set of dated
//! entries — charges (bills, debit notes, service charges), credits (payments, credit notes)
//! and reversals — and one allocator over them. Every figure about a customer's money reads
//! it here: the statement, the receipt's balance after, the next bill's previous balance,
//! arrears by age, the disconnection list, the fund's share of what was paid, and
//! `accounts export`. Nothing is stored twice: the entries are the issued records themselves.
//!
//! Part of the ground floor: it reads the records' tables and imports no domain module.

pub(crate) mod allocation;
pub(crate) mod disputes;
pub(crate) mod months;
mod views;

pub use months::{ClosedMonth, MonthState};
pub use views::{
    ACCOUNTS_CSV_HEADER, AccountRow, AgeBuckets, ArrearsRow, BillStanding, Paid, Statement, StatementLine,
};
pub(crate) use views::{AccountState, buckets_of, connection_of, overdue_at};

use crate::error::Result;
use crate::money::Money;
use chrono::NaiveDate;
use rusqlite::Connection;
use std::collections::HashMap;

/// What an entry is. The order is the ledger order of entries on the same day: charges
/// before credits, so a payment made the day a bill is issued pays it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntryKind {
    /// An issued bill.
    Bill,
    /// A debit note: more charged on a bill.
    DebitNote,
    /// A charge for a service event (the reconnection after a cut).
    ServiceCharge,
    /// A credit note: part of a bill taken back.
    CreditNote,
    /// A payment, at the counter or through a bank.
    Payment,
    /// A payment reversed.
    Reversal,
}

impl EntryKind {
    /// Whether it is owed (a bill, a debit note, a service charge) rather than a credit.
    pub fn is_charge(self) -> bool {
        matches!(self, EntryKind::Bill | EntryKind::DebitNote | EntryKind::ServiceCharge)
    }

    /// The code the statement and the files use.
    pub fn code(self) -> &'static str {
        match self {
            EntryKind::Bill => "bill",
            EntryKind::DebitNote => "debit_note",
            EntryKind::ServiceCharge => "reconnect",
            EntryKind::CreditNote => "credit_note",
            EntryKind::Payment => "payment",
            EntryKind::Reversal => "reversal",
        }
    }
}

/// One dated entry of an account. `amount` is signed as it acts on the balance: a charge is
/// positive, a credit negative, a reversal positive (it takes a payment back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub kind: EntryKind,
    /// The record's id in its own table.
    pub id: i64,
    pub date: NaiveDate,
    pub amount: Money,
    /// Charges only: the day from which an unpaid charge is overdue (the day after).
    pub due_on: Option<NaiveDate>,
    /// The bill this entry is (bills) or corrects (notes).
    pub bill_id: Option<i64>,
    /// Signed change to the community fund's share (bills and notes).
    pub fund_share: Money,
    /// The tariff whose fund purposes split the share.
    pub tariff_id: Option<i64>,
    /// Reversals: the payment they cancel.
    pub reverses: Option<i64>,
    /// The record as people know it (a number, a period); filled only when asked for.
    pub reference: String,
}

/// Which entries to load.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scope {
    /// One connection, or every one.
    pub connection: Option<i64>,
    /// Entries dated on or before this day, or all.
    pub as_of: Option<NaiveDate>,
    /// Whether to read each entry's human reference (the statement needs it; sums do not).
    pub references: bool,
}

/// One table's entries: the SQL (its columns in the order of [`Entry`]) and its kind rule.
/// Columns: connection, date, kind selector, id, amount, due, bill, fund share, tariff,
/// reverses, reference.
const SOURCES: &[&str] = &[
    "SELECT connection_id, issued_on, 0, id, amount_due, due_on, id, fund_share, tariff_id, NULL,
            {ref:number} FROM bills b WHERE 1",
    // A debit note is due on the later of its bill's due date and its own date.
    "SELECT n.connection_id, n.issued_on, CASE n.kind WHEN 'debit' THEN 1 ELSE 3 END, n.id, n.total,
            CASE n.kind WHEN 'debit' THEN max(n.issued_on, b.due_on) END, n.bill_id, n.fund_share, b.tariff_id, NULL,
            {ref:n.number} FROM notes n JOIN bills b ON b.id = n.bill_id WHERE 1",
    // A service charge is due the day it is made.
    "SELECT connection_id, event_on, 2, id, charge, event_on, NULL, 0, NULL, NULL,
            {ref:kind} FROM service_events WHERE charge > 0",
    // A payment's stored amount is what came in (a reversal's is negative); as an entry it
    // acts on the balance with the opposite sign.
    "SELECT connection_id, paid_on, CASE WHEN reverses IS NULL THEN 4 ELSE 5 END, id, -amount, NULL, NULL, 0, NULL,
            reverses, {ref:number} FROM payments WHERE 1",
];

/// The date column of each source, for the date filter.
const DATE_COLUMNS: &[&str] = &["issued_on", "n.issued_on", "event_on", "paid_on"];
const CONNECTION_COLUMNS: &[&str] = &["connection_id", "n.connection_id", "connection_id", "connection_id"];

/// Source `i`'s SQL for `scope`; with `range`, of a range of connections (`?2` to `?3`).
fn source_sql(i: usize, scope: &Scope, range: bool) -> String {
    let base = SOURCES[i];
    let (start, end) = (base.find("{ref:").unwrap_or(0), base.rfind('}').unwrap_or(0));
    let reference = if scope.references { &base[start + 5..end] } else { "''" };
    let mut sql = format!("{}{}{}", &base[..start], reference, &base[end + 1..]);
    // `+`: a whole town's entries are read faster by scanning the table than through the date
    // index (every row matches); one account's come through its connection index.
    sql.push_str(&format!(" AND +{} <= ?1", DATE_COLUMNS[i]));
    if scope.connection.is_some() {
        sql.push_str(&format!(" AND {} = ?2", CONNECTION_COLUMNS[i]));
    } else if range {
        sql.push_str(&format!(" AND {} BETWEEN ?2 AND ?3", CONNECTION_COLUMNS[i]));
    }
    sql
}

/// `YYYY-MM-DD` as stored, read digit by digit (a town's history is a million dates); a
/// malformed date (only possible by editing the file) reads as the earliest day, which makes
/// it visible in every view rather than hiding it.
fn stored_date(bytes: &[u8]) -> NaiveDate {
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        bytes
            .get(r)?
            .iter()
            .try_fold(0u32, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
    };
    let parsed = (bytes.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-')
        .then(|| Some((digits(0..4)?, digits(5..7)?, digits(8..10)?)))
        .flatten()
        .and_then(|(y, m, d)| NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d));
    parsed.unwrap_or(NaiveDate::MIN)
}

/// Every entry in `scope`, by connection, each account's entries in ledger order (date, kind,
/// id).
pub(crate) fn load(conn: &Connection, scope: Scope) -> Result<HashMap<i64, Vec<Entry>>> {
    load_range(conn, scope, None)
}

fn max_connection(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(id), 0) FROM connections")?
        .query_row([], |r| r.get(0))?)
}

/// [`load`] of every connection, read in as many parts as the machine has cores, each part (a
/// range of connections) on a read-only connection of its own to the ledger's file: a town's
/// ten years are two million rows, and SQLite reads one connection's rows on one core. Like
/// [`load`], each source is read by its own statement. Only for reading outside a write (a
/// write's own uncommitted rows are not seen by other connections); in memory, for one
/// account, or on a ledger opened for reading only, [`load`].
pub(crate) fn load_in_parts(conn: &Connection, scope: Scope) -> Result<HashMap<i64, Vec<Entry>>> {
    let path = conn.path().filter(|p| !p.is_empty()).map(std::path::PathBuf::from);
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let parallel = cores > 1 && conn.is_autocommit() && !conn.is_readonly(rusqlite::MAIN_DB)?;
    let (Some(path), None, true) = (path, scope.connection, parallel) else {
        return load(conn, scope);
    };
    let max_id = max_connection(conn)?;
    let parts = i64::try_from(cores.clamp(2, 4)).unwrap_or(2);
    let size = (max_id / parts + 1).max(1);
    let path = &path;
    let maps = std::thread::scope(|s| {
        let handles: Vec<_> = (0..parts)
            .map(|k| {
                s.spawn(move || -> Result<HashMap<i64, Vec<Entry>>> {
                    let part = Connection::open_with_flags(
                        path,
                        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
                    )?;
                    part.busy_timeout(std::time::Duration::from_secs(10))?;
                    load_range(&part, scope, Some((k * size, (k + 1) * size - 1)))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .map_err(|_| crate::Error::Internal("a part of the accounts stopped".into()))?
            })
            .collect::<Result<Vec<_>>>()
    })?;
    let mut all = HashMap::with_capacity(usize::try_from(max_id).unwrap_or(0));
    for m in maps {
        all.extend(m);
    }
    Ok(all)
}

/// [`load`], of the connections in `range` (inclusive) when given.
fn load_range(conn: &Connection, scope: Scope, range: Option<(i64, i64)>) -> Result<HashMap<i64, Vec<Entry>>> {
    // Connection ids are dense (the table's row ids): group by position, not by hashing a
    // million times.
    let max_id = max_connection(conn)?;
    let mut by_id: Vec<Vec<Entry>> = Vec::new();
    by_id.resize_with(usize::try_from(max_id).unwrap_or(0) + 1, Vec::new);
    // Without a date, every entry: all stored dates sort before this one.
    let as_of = scope.as_of.map_or_else(|| "9999-12-31".to_string(), |d| d.to_string());
    for i in 0..SOURCES.len() {
        let sql = source_sql(i, &scope, range.is_some());
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = match (scope.connection, range) {
            (Some(connection), _) => stmt.query(rusqlite::params![as_of, connection])?,
            (None, Some((lo, hi))) => stmt.query(rusqlite::params![as_of, lo, hi])?,
            (None, None) => stmt.query([&as_of])?,
        };
        // Read by reference: a town's history is a million rows of eleven columns.
        let int = |v: rusqlite::types::ValueRef<'_>| -> Option<i64> {
            match v {
                rusqlite::types::ValueRef::Integer(i) => Some(i),
                _ => None,
            }
        };
        while let Some(r) = rows.next()? {
            let kind = match int(r.get_ref(2)?) {
                Some(0) => EntryKind::Bill,
                Some(1) => EntryKind::DebitNote,
                Some(2) => EntryKind::ServiceCharge,
                Some(3) => EntryKind::CreditNote,
                Some(4) => EntryKind::Payment,
                _ => EntryKind::Reversal,
            };
            let due_on = match r.get_ref(5)? {
                rusqlite::types::ValueRef::Text(t) => Some(stored_date(t)),
                _ => None,
            };
            let entry = Entry {
                kind,
                id: int(r.get_ref(3)?).unwrap_or(0),
                date: stored_date(r.get_ref(1)?.as_bytes().unwrap_or(b"")),
                amount: Money::from_cents(int(r.get_ref(4)?).unwrap_or(0)),
                due_on,
                bill_id: int(r.get_ref(6)?),
                fund_share: Money::from_cents(int(r.get_ref(7)?).unwrap_or(0)),
                tariff_id: int(r.get_ref(8)?),
                reverses: int(r.get_ref(9)?),
                reference: if scope.references { r.get(10)? } else { String::new() },
            };
            let id = int(r.get_ref(0)?).and_then(|i| usize::try_from(i).ok()).unwrap_or(0);
            if let Some(slot) = by_id.get_mut(id) {
                slot.push(entry);
            }
        }
    }
    let mut map = HashMap::with_capacity(if scope.connection.is_some() { 1 } else { by_id.len() });
    for (id, mut entries) in by_id.into_iter().enumerate() {
        if entries.is_empty() {
            continue;
        }
        entries.sort_by_key(|e| (e.date, e.kind, e.id));
        map.insert(id as i64, entries);
    }
    Ok(map)
}

/// Runs `f` over the accounts of `entries` split into as many parts as the machine has cores
/// (a town's history is a million entries; the laptop has two cores), and returns each part's
/// result. The parts share nothing, so their results add up to what one pass would give.
pub(crate) fn in_parts<'a, T: Send>(
    entries: &'a HashMap<i64, Vec<Entry>>,
    f: impl Fn(&[(&'a i64, &'a Vec<Entry>)]) -> Result<T> + Sync,
) -> Result<Vec<T>> {
    let all: Vec<(&i64, &Vec<Entry>)> = entries.iter().collect();
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let size = all.len().div_ceil(cores.clamp(1, 4)).max(1);
    let f = &f;
    std::thread::scope(|s| {
        let parts: Vec<_> = all.chunks(size).map(|part| s.spawn(move || f(part))).collect();
        parts
            .into_iter()
            .map(|h| {
                h.join()
                    .map_err(|_| crate::Error::Internal("a part of the accounts stopped".into()))?
            })
            .collect()
    })
}

/// `balance(D)` of every connection that has entries: Σ charges − Σ credits dated ≤ D. The
/// same entries as [`load`] (the same queries), summed as they are read: the billing run needs
/// only the sums, for a whole town.
pub(crate) fn balances(conn: &Connection, as_of: NaiveDate) -> Result<HashMap<i64, Money>> {
    let scope = Scope {
        connection: None,
        as_of: Some(as_of),
        references: false,
    };
    let as_of = as_of.to_string();
    let mut out: HashMap<i64, Money> = HashMap::new();
    for i in 0..SOURCES.len() {
        let mut stmt = conn.prepare_cached(&source_sql(i, &scope, false))?;
        let mut rows = stmt.query([&as_of])?;
        while let Some(r) = rows.next()? {
            let slot = out.entry(r.get(0)?).or_default();
            *slot = slot.checked_add(Money::from_cents(r.get(4)?))?;
        }
    }
    Ok(out)
}

/// The sum of entries: the balance they leave.
pub(crate) fn balance(entries: &[Entry]) -> Result<Money> {
    Ok(Money::sum(entries.iter().map(|e| e.amount))?)
}

/// One account's entries dated on or before `as_of`.
pub(crate) fn of_connection(
    conn: &Connection,
    connection: i64,
    as_of: NaiveDate,
    references: bool,
) -> Result<Vec<Entry>> {
    let scope = Scope {
        connection: Some(connection),
        as_of: Some(as_of),
        references,
    };
    Ok(load(conn, scope)?.remove(&connection).unwrap_or_default())
}

/// One account on `as_of`: its entries, its state (balance, overdue part, disputed) and the
/// allocation of its credits.
pub(crate) fn account_state(
    conn: &Connection,
    connection: i64,
    as_of: NaiveDate,
    references: bool,
) -> Result<(Vec<Entry>, AccountState, allocation::Allocation)> {
    let entries = of_connection(conn, connection, as_of, references)?;
    let disputes = disputes::load(conn, Some(connection), as_of)?
        .remove(&connection)
        .unwrap_or_default();
    let (state, allocation) = views::state(&entries, &disputes, as_of)?;
    Ok((entries, state, allocation))
}

/// What a bill's previous balance holds under complaint: the account's unpaid amounts frozen
/// by open complaints on the bill's issue date, the bill itself and its notes left out.
pub(crate) fn disputed_before(conn: &Connection, connection: i64, bill_id: i64, issued_on: NaiveDate) -> Result<Money> {
    let mut entries = of_connection(conn, connection, issued_on, false)?;
    entries.retain(|e| e.bill_id != Some(bill_id));
    let disputes = disputes::load(conn, Some(connection), issued_on)?
        .remove(&connection)
        .unwrap_or_default();
    Ok(views::state(&entries, &disputes, issued_on)?.0.disputed)
}

/// The connections that have ever had a billing complaint (the only ones with a disputed amount).
pub(crate) fn with_disputes(conn: &Connection) -> Result<std::collections::HashSet<i64>> {
    let mut stmt = conn.prepare_cached("SELECT DISTINCT connection_id FROM complaints WHERE bill_id IS NOT NULL")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The largest amount one entry may carry: S/ 1,000,000.00. A water bill, a payment or a
/// correction beyond it is a typing mistake, and the bound keeps every sum of a town's
/// entries far inside the range of the céntimo counter.
pub const MAX_ENTRY: Money = Money::from_cents(100_000_000);

/// Refuses an amount that is not above zero or is beyond [`MAX_ENTRY`].
pub(crate) fn check_amount(field: crate::error::ErrorCode, amount: Money) -> Result<()> {
    if amount <= Money::ZERO {
        return Err(crate::Error::invalid(
            field,
            "El importe debe ser mayor que cero.",
            "The amount must be greater than zero.",
        ));
    }
    if amount > MAX_ENTRY {
        return Err(crate::Error::invalid(
            field,
            format!("{amount} es más de {MAX_ENTRY}, el mayor importe que acepta un registro; revise el importe."),
            format!("{amount} is over {MAX_ENTRY}, the largest amount one record accepts; check the amount."),
        ));
    }
    Ok(())
}

/// No connection has this account code (a long mistyped value said shortened).
pub(crate) fn no_such_account(account: &str) -> crate::Error {
    let account = crate::text::shorten(account);
    crate::Error::not_found(
        format!("No existe la cuenta {account}."),
        format!("Account {account} does not exist."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Read in parts on connections of their own, a town's entries are exactly what one
    /// reading gives.
    #[test]
    fn a_town_read_in_parts_is_the_town_read_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut demo = caudal_demo::DemoTown::start(dir.path(), 41, 3).unwrap();
        let mut period = demo.first;
        loop {
            demo.run_month(period).unwrap();
            if period == demo.last {
                break;
            }
            period = period.next();
        }
        let scope = Scope {
            connection: None,
            as_of: Some(demo.last.last_day()),
            references: false,
        };
        let conn = demo.ledger.conn();
        let once = load(conn, scope).unwrap();
        assert_eq!(once.len(), 41);
        assert_eq!(load_in_parts(conn, scope).unwrap(), once);
    }
}
