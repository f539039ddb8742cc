//! The views of the accounts kernel: one account's state on a day (balance, overdue part,
//! arrears by age), its statement, every account as `accounts export` writes it, arrears and
//! the disconnection list. All of them are the allocator's answer over the same entries.

use super::allocation::{Allocation, allocate};
use super::disputes::{self, Dispute, frozen_of};
use super::{Entry, EntryKind, Scope, balance, load};
use crate::Ledger;
use crate::error::{Error, Result, Text};
use crate::money::Money;
use crate::period::Period;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// Overdue amounts by days past due: 1–30, 31–60, 61–90, over 90.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct AgeBuckets {
    /// Owed 0 to 30 days past its due date.
    pub d0_30: Money,
    /// Owed 31 to 60 days past its due date.
    pub d31_60: Money,
    /// Owed 61 to 90 days past its due date.
    pub d61_90: Money,
    /// Owed more than 90 days past its due date.
    pub over_90: Money,
}

impl AgeBuckets {
    fn add(&mut self, days: i64, amount: Money) -> Result<()> {
        let slot = match days {
            ..=30 => &mut self.d0_30,
            31..=60 => &mut self.d31_60,
            61..=90 => &mut self.d61_90,
            _ => &mut self.over_90,
        };
        *slot = slot.checked_add(amount)?;
        Ok(())
    }

    /// Everything overdue, in every bucket.
    pub fn total(&self) -> Result<Money> {
        Ok(Money::sum([self.d0_30, self.d31_60, self.d61_90, self.over_90])?)
    }

    fn merge(&mut self, o: &AgeBuckets) -> Result<()> {
        self.d0_30 = self.d0_30.checked_add(o.d0_30)?;
        self.d31_60 = self.d31_60.checked_add(o.d31_60)?;
        self.d61_90 = self.d61_90.checked_add(o.d61_90)?;
        self.over_90 = self.over_90.checked_add(o.over_90)?;
        Ok(())
    }
}

/// One account on one day, as every view reports it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct AccountState {
    pub balance: Money,
    pub charges: Money,
    /// Payments net of reversals, and credit notes.
    pub credits: Money,
    pub overdue: Money,
    pub overdue_charges: u32,
    pub buckets: AgeBuckets,
    /// Unpaid amounts frozen by open complaints: not overdue.
    pub disputed: Money,
}

/// How many charges overdue (bills, debit notes, service charges; never an amount frozen by a
/// complaint) make a connection one to cut: the one rule behind the disconnection list, the
/// report's arrears indicator and the cut of an account under complaint (docs/accounts.md).
pub const OVERDUE_CHARGES_TO_CUT: u32 = 2;

impl AccountState {
    /// Whether the account owes enough, overdue, to be cut: [`OVERDUE_CHARGES_TO_CUT`] or more
    /// charges overdue apart from anything in complaint.
    pub(crate) fn may_be_cut(&self) -> bool {
        self.overdue_charges >= OVERDUE_CHARGES_TO_CUT
    }
}

/// The state of an account whose entries are `entries` (already limited to `as_of`), with the
/// disputes in force on `as_of`.
pub(crate) fn state(entries: &[Entry], disputes: &[Dispute], as_of: NaiveDate) -> Result<(AccountState, Allocation)> {
    let a = allocate(entries)?;
    Ok((state_of(entries, &a, disputes, as_of)?, a))
}

/// [`state`] from the entries' allocation `a`.
fn state_of(entries: &[Entry], a: &Allocation, disputes: &[Dispute], as_of: NaiveDate) -> Result<AccountState> {
    let mut s = AccountState {
        balance: balance(entries)?,
        ..AccountState::default()
    };
    for (i, e) in entries.iter().enumerate() {
        if e.kind.is_charge() && e.amount > Money::ZERO {
            s.charges = s.charges.checked_add(e.amount)?;
        } else {
            s.credits = s.credits.checked_sub(e.amount)?;
        }
        if !e.kind.is_charge() {
            continue;
        }
        let unpaid = a.unpaid(entries, i);
        // What an open complaint disputes of an unpaid bill is frozen: not overdue.
        let frozen = frozen_of(disputes, e)?.min(unpaid);
        s.disputed = s.disputed.checked_add(frozen)?;
        let owed = unpaid.checked_sub(frozen)?;
        // Overdue from the day after the due date.
        if let Some(due) = e.due_on.filter(|d| *d < as_of)
            && owed > Money::ZERO
        {
            s.overdue = s.overdue.checked_add(owed)?;
            s.overdue_charges += 1;
            s.buckets.add((as_of - due).num_days(), owed)?;
        }
    }
    Ok(s)
}

/// One line of an account statement.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct StatementLine {
    /// The entry's date (ISO).
    pub date: String,
    /// `bill`, `debit_note`, `reconnect`, `credit_note`, `payment` or `reversal`.
    pub kind: String,
    /// The record's number (a bill, a note, a payment receipt).
    pub reference: String,
    /// What the line is, in words: "Recibo de noviembre 2026", "Pago en efectivo",
    /// "Pago en banco (operación 0042)", "Anulación del pago R001-00000007".
    pub what: Text,
    /// A payment that stands (not reversed): the window offers to reverse it.
    pub reversible: bool,
    /// What it charges (zero for a credit).
    pub charge: Money,
    /// Credits: a payment or a credit note; a reversal is negative.
    pub payment: Money,
    /// Running balance after the line; negative is a credit.
    pub balance: Money,
}

/// An account's statement: every entry with the balance after it, and what is overdue.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Statement {
    /// The account code.
    pub account: String,
    /// The holder's name.
    pub holder: String,
    /// The day it is read at (ISO).
    pub as_of: String,
    /// Every entry, oldest first.
    pub lines: Vec<StatementLine>,
    /// What the account owes (negative: a credit).
    pub balance: Money,
    /// What is past its due date and not disputed.
    pub overdue: Money,
    /// Unpaid amounts frozen by open complaints ("en reclamo"): not overdue.
    pub disputed: Money,
}

/// A connection with an overdue amount.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct ArrearsRow {
    /// The account code.
    pub account: String,
    /// The holder's name.
    pub holder: String,
    /// The service address.
    pub address: String,
    /// Charges (bills, debit notes, service charges) with an overdue part.
    pub overdue_bills: u32,
    /// What is overdue, by age.
    pub buckets: AgeBuckets,
    /// Everything overdue.
    pub total: Money,
}

/// One row of `accounts export` (docs/accounts.md).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct AccountRow {
    /// The account code.
    pub account: String,
    /// The holder's name.
    pub holder: String,
    /// The connection's status (`active`, `cut`, `suspended`, `closed`).
    pub status: String,
    /// What the account owes (negative: a credit).
    pub balance: Money,
    /// Everything charged to it.
    pub charges: Money,
    /// Payments net of reversals, and credit notes.
    pub credits: Money,
    /// What is past its due date and not disputed.
    pub overdue: Money,
    /// How many charges are overdue.
    pub overdue_charges: u32,
    /// What is overdue, by age.
    pub buckets: AgeBuckets,
    /// Unpaid amounts frozen by open complaints.
    pub disputed: Money,
}

/// The columns of `accounts.csv`, in order (docs/accounts.md).
pub const ACCOUNTS_CSV_HEADER: &[&str] = &[
    "account",
    "holder",
    "status",
    "balance",
    "charges",
    "credits",
    "overdue",
    "overdue_charges",
    "d0_30",
    "d31_60",
    "d61_90",
    "over_90",
    "disputed",
];

struct Holder {
    id: i64,
    account: String,
    name: String,
    address: String,
    status: String,
}

fn holders(conn: &Connection) -> Result<Vec<Holder>> {
    let mut stmt = conn.prepare("SELECT id, account, name, address, status FROM connections ORDER BY account")?;
    let rows = stmt.query_map([], |r| {
        Ok(Holder {
            id: r.get(0)?,
            account: r.get(1)?,
            name: r.get(2)?,
            address: r.get(3)?,
            status: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The connection's id and holder, or a clear "no such account".
pub(crate) fn connection_of(conn: &Connection, account: &str) -> Result<(i64, String)> {
    conn.query_row("SELECT id, name FROM connections WHERE account = ?1", [account], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()?
    .ok_or_else(|| super::no_such_account(account))
}

/// Every account's state on `as_of`, in account order, with who holds it.
fn every_state(conn: &Connection, as_of: NaiveDate) -> Result<Vec<(Holder, AccountState)>> {
    let scope = Scope {
        connection: None,
        as_of: Some(as_of),
        references: false,
    };
    every_state_from(conn, &load(conn, scope)?, as_of)
}

/// [`every_state`] over entries already loaded (each account's prefix up to `as_of` counts).
fn every_state_from(
    conn: &Connection,
    entries: &HashMap<i64, Vec<Entry>>,
    as_of: NaiveDate,
) -> Result<Vec<(Holder, AccountState)>> {
    let disputes = disputes::load(conn, None, as_of)?;
    let mut out = Vec::new();
    for h in holders(conn)? {
        let s = match entries.get(&h.id) {
            Some(e) => {
                let prefix = &e[..e.partition_point(|x| x.date <= as_of)];
                state(prefix, disputes.get(&h.id).map_or(&[], |d| d.as_slice()), as_of)?.0
            }
            None => AccountState::default(),
        };
        out.push((h, s));
    }
    Ok(out)
}

/// The overdue amounts of `states`, by age, added up.
pub(crate) fn buckets_of<'a>(states: impl IntoIterator<Item = &'a AccountState>) -> Result<AgeBuckets> {
    let mut t = AgeBuckets::default();
    for s in states {
        t.merge(&s.buckets)?;
    }
    Ok(t)
}

fn arrears_of(states: Vec<(Holder, AccountState)>) -> Result<Vec<ArrearsRow>> {
    let mut out: Vec<ArrearsRow> = Vec::new();
    for (h, s) in states {
        if s.overdue_charges == 0 {
            continue;
        }
        out.push(arrears_row(h, &s));
    }
    out.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.account.cmp(&b.account)));
    Ok(out)
}

/// The state of each connection with anything overdue at the end of each of `days`, from
/// entries loaded up to the last of them (each day reads its own prefix, with the disputes in
/// force that day): the arrears of every month of the Board's report.
pub(crate) fn overdue_at(
    conn: &Connection,
    entries: &HashMap<i64, Vec<Entry>>,
    days: &[NaiveDate],
) -> Result<Vec<HashMap<i64, AccountState>>> {
    let disputes: Vec<_> = days
        .iter()
        .map(|&day| disputes::load(conn, None, day))
        .collect::<Result<_>>()?;
    let parts = super::in_parts(entries, |accounts| {
        let mut out = vec![HashMap::new(); days.len()];
        for &(id, account) in accounts {
            super::allocation::at_days(account, days, |k, prefix, a| {
                if prefix.is_empty() {
                    return Ok(());
                }
                let s = state_of(prefix, a, disputes[k].get(id).map_or(&[], |d| d.as_slice()), days[k])?;
                if s.overdue_charges > 0 {
                    out[k].insert(*id, s);
                }
                Ok(())
            })?;
        }
        Ok(out)
    })?;
    let mut out = vec![HashMap::new(); days.len()];
    for part in parts {
        for (day, counts) in out.iter_mut().zip(part) {
            day.extend(counts);
        }
    }
    Ok(out)
}

fn arrears_row(h: Holder, s: &AccountState) -> ArrearsRow {
    ArrearsRow {
        account: h.account,
        holder: h.name,
        address: h.address,
        overdue_bills: s.overdue_charges,
        total: s.overdue,
        buckets: s.buckets,
    }
}

impl Ledger {
    /// One account's statement: every entry up to today in ledger order with the running
    /// balance, and what is overdue today.
    pub fn statement(&self, account: &str) -> Result<Statement> {
        let account = account.trim();
        let (id, holder) = connection_of(self.conn(), account)?;
        let today = self.clock().today();
        let (entries, s, _) = super::account_state(self.conn(), id, today, true)?;
        let words = LineWords::load(self.conn(), id)?;
        let reversed: std::collections::HashSet<i64> = entries.iter().filter_map(|e| e.reverses).collect();
        let mut running = Money::ZERO;
        let mut lines = Vec::with_capacity(entries.len());
        for e in entries {
            running = running.checked_add(e.amount)?;
            let (charge, payment) = if e.kind.is_charge() {
                (e.amount, Money::ZERO)
            } else {
                (Money::ZERO, e.amount.checked_neg()?)
            };
            lines.push(StatementLine {
                date: e.date.to_string(),
                kind: e.kind.code().to_string(),
                what: words.of(&e),
                reversible: e.kind == EntryKind::Payment && !reversed.contains(&e.id),
                reference: e.reference,
                charge,
                payment,
                balance: running,
            });
        }
        Ok(Statement {
            account: account.to_string(),
            holder,
            as_of: today.to_string(),
            lines,
            balance: s.balance,
            overdue: s.overdue,
            disputed: s.disputed,
        })
    }

    /// Every connection's balance, overdue part and arrears by age at the end of `as_of`.
    pub fn accounts(&self, as_of: NaiveDate) -> Result<Vec<AccountRow>> {
        Ok(every_state(self.conn(), as_of)?
            .into_iter()
            .map(|(h, s)| AccountRow {
                account: h.account,
                holder: h.name,
                status: h.status,
                balance: s.balance,
                charges: s.charges,
                credits: s.credits,
                overdue: s.overdue,
                overdue_charges: s.overdue_charges,
                buckets: s.buckets,
                disputed: s.disputed,
            })
            .collect())
    }

    /// Writes `accounts export` (docs/accounts.md) as of the end of `as_of`; whole or nothing.
    pub fn export_accounts(&self, as_of: NaiveDate, out: &Path) -> Result<u64> {
        // One state of the books, whatever another window writes meanwhile.
        let _reading = self.snapshot()?;
        let rows = self.accounts(as_of)?;
        let mut buf = Vec::with_capacity(rows.len() * 96);
        {
            let mut w = csv::Writer::from_writer(&mut buf);
            let to_io = |e: csv::Error| Error::io(out, std::io::Error::other(e.to_string()));
            w.write_record(ACCOUNTS_CSV_HEADER).map_err(to_io)?;
            for r in &rows {
                w.write_field(crate::files::spreadsheet_safe(&r.account).as_ref())
                    .map_err(to_io)?;
                w.write_field(crate::files::spreadsheet_safe(&r.holder).as_ref())
                    .map_err(to_io)?;
                w.write_field(&r.status).map_err(to_io)?;
                w.write_record([
                    r.balance.plain(),
                    r.charges.plain(),
                    r.credits.plain(),
                    r.overdue.plain(),
                    r.overdue_charges.to_string(),
                    r.buckets.d0_30.plain(),
                    r.buckets.d31_60.plain(),
                    r.buckets.d61_90.plain(),
                    r.buckets.over_90.plain(),
                    r.disputed.plain(),
                ])
                .map_err(to_io)?;
            }
            w.flush().map_err(|e| Error::io(out, e))?;
        }
        crate::files::write_atomically(out, &buf)?;
        Ok(rows.len() as u64)
    }

    /// Every connection with an overdue amount at the end of `as_of`, largest first.
    pub fn arrears(&self, as_of: NaiveDate) -> Result<Vec<ArrearsRow>> {
        arrears_of(every_state(self.conn(), as_of)?)
    }

    /// The sums of [`Ledger::arrears`] by age.
    pub fn arrears_totals(rows: &[ArrearsRow]) -> Result<AgeBuckets> {
        let mut t = AgeBuckets::default();
        for r in rows {
            t.merge(&r.buckets)?;
        }
        Ok(t)
    }

    /// Active connections that [may be cut](AccountState::may_be_cut) at the end of `as_of`.
    pub fn disconnection_list(&self, as_of: NaiveDate) -> Result<Vec<ArrearsRow>> {
        let mut out = Vec::new();
        for (h, s) in every_state(self.conn(), as_of)? {
            if h.status != "active" || !s.may_be_cut() {
                continue;
            }
            out.push(arrears_row(h, &s));
        }
        Ok(out)
    }
}

/// What the statement needs to say each line in words: the bills' months, how each payment
/// came in and which payment a reversal cancels.
struct LineWords {
    bill_periods: HashMap<i64, String>,
    payments: HashMap<i64, (String, Option<String>, String)>,
}

impl LineWords {
    fn load(conn: &Connection, connection: i64) -> Result<LineWords> {
        let mut stmt = conn.prepare_cached("SELECT id, period FROM bills WHERE connection_id = ?1")?;
        let bill_periods = stmt
            .query_map([connection], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt =
            conn.prepare_cached("SELECT id, channel, reference, number FROM payments WHERE connection_id = ?1")?;
        let payments = stmt
            .query_map([connection], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(LineWords { bill_periods, payments })
    }

    fn of(&self, e: &Entry) -> Text {
        match e.kind {
            EntryKind::Bill => {
                let period = self.bill_periods.get(&e.id).and_then(|p| p.parse::<Period>().ok());
                match period {
                    Some(p) => Text::in_each(|l| l.pick("Recibo de ", "Bill for ").to_string() + &l.period(p)),
                    None => Text::new("Recibo", "Bill"),
                }
            }
            EntryKind::DebitNote => Text::new("Nota de débito", "Debit note"),
            EntryKind::CreditNote => Text::new("Nota de crédito", "Credit note"),
            EntryKind::ServiceCharge => Text::new("Cargo por reconexión", "Reconnection charge"),
            EntryKind::Payment => match self.payments.get(&e.id) {
                Some((channel, Some(reference), _)) if channel == "bank" => Text::new(
                    format!("Pago en banco (operación {reference})"),
                    format!("Bank payment (operation {reference})"),
                ),
                Some((channel, None, _)) if channel == "bank" => Text::new("Pago en banco", "Bank payment"),
                _ => Text::new("Pago en efectivo", "Cash payment"),
            },
            EntryKind::Reversal => match e.reverses.and_then(|id| self.payments.get(&id)) {
                Some((_, _, number)) => Text::new(
                    format!("Anulación del pago {number}"),
                    format!("Reversal of payment {number}"),
                ),
                None => Text::new("Anulación de un pago", "Payment reversed"),
            },
        }
    }
}

/// Whether a bill is paid: what it charged for its month, with the debit notes on it, against
/// the credits the allocator placed on them (docs/accounts.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Paid {
    /// Paid in full.
    Paid,
    /// Part of it paid.
    PartlyPaid,
    /// Nothing of it paid.
    Owed,
}

/// A bill's standing today.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct BillStanding {
    /// The bill.
    pub bill_id: i64,
    /// How much of it is paid.
    pub paid: Paid,
    /// What is still owed of it (0 when paid).
    pub unpaid: Money,
    /// "Pagado", "Pagado en parte: faltan S/ 12.30", "Pendiente".
    pub words: Text,
}

impl Ledger {
    /// The standing today of each of `bills` (its id and its connection's).
    pub fn bill_standings(&self, bills: &[(i64, i64)]) -> Result<HashMap<i64, BillStanding>> {
        let today = self.clock().today();
        let mut by_connection: HashMap<i64, Vec<i64>> = HashMap::new();
        for &(bill, connection) in bills {
            by_connection.entry(connection).or_default().push(bill);
        }
        let mut out = HashMap::with_capacity(bills.len());
        for (connection, wanted) in by_connection {
            let (entries, _, allocation) = super::account_state(self.conn(), connection, today, false)?;
            for bill in wanted {
                let (mut charged, mut unpaid) = (Money::ZERO, Money::ZERO);
                for (i, e) in entries.iter().enumerate() {
                    let of_bill = match e.kind {
                        EntryKind::Bill => e.id == bill,
                        EntryKind::DebitNote => e.bill_id == Some(bill),
                        _ => false,
                    };
                    if of_bill && e.amount > Money::ZERO {
                        charged = charged.checked_add(e.amount)?;
                        unpaid = unpaid.checked_add(allocation.unpaid(&entries, i))?;
                    }
                }
                let paid = if unpaid == Money::ZERO {
                    Paid::Paid
                } else if unpaid < charged {
                    Paid::PartlyPaid
                } else {
                    Paid::Owed
                };
                let words = match paid {
                    Paid::Paid => Text::new("Pagado", "Paid"),
                    Paid::PartlyPaid => Text::new(
                        format!("Pagado en parte: faltan {unpaid}"),
                        format!("Partly paid: {unpaid} owed"),
                    ),
                    Paid::Owed => Text::new("Pendiente de pago", "Owed"),
                };
                out.insert(
                    bill,
                    BillStanding {
                        bill_id: bill,
                        paid,
                        unpaid,
                        words,
                    },
                );
            }
        }
        Ok(out)
    }
}
