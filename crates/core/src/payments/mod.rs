//! Money that comes in: cash at the counter with a numbered receipt, collections imported from
//! a bank or agent, reversals; and what follows from them — balances, the account statement,
//! arrears by age, the disconnection list and the day's cash close.

pub(crate) mod allocation;
mod balances;
mod import;

pub use balances::{AgeBuckets, ArrearsRow, CashClose, ClerkTotal, Statement, StatementLine};

use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::error::{Error, Result};
use crate::ledger::chain::Appender;
use crate::money::Money;
use crate::period::parse_date;
use allocation::{DueBill, allocate, effective};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Payment {
    pub id: i64,
    pub number: String,
    pub account: String,
    pub paid_on: String,
    pub amount: Money,
    pub channel: String,
    pub reference: Option<String>,
    pub reverses: Option<i64>,
    pub reason: Option<String>,
    pub recorded_by: String,
    pub recorded_at: String,
}

/// What a payment paid, bill by bill, as the receipt prints it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct AppliedLine {
    pub bill: String,
    pub period: String,
    pub amount: Money,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Receipt {
    pub payment: Payment,
    pub holder: String,
    pub applied: Vec<AppliedLine>,
    /// Owed after this payment; negative is a credit for the next bills.
    pub balance_after: Money,
}

const COLUMNS: &str = "id, number, account, paid_on, amount, channel, reference, reverses, reason, recorded_by, recorded_at, connection_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Payment> {
    Ok(Payment {
        id: r.get(0)?,
        number: r.get(1)?,
        account: r.get(2)?,
        paid_on: r.get(3)?,
        amount: Money::from_cents(r.get(4)?),
        channel: r.get(5)?,
        reference: r.get(6)?,
        reverses: r.get(7)?,
        reason: r.get(8)?,
        recorded_by: r.get(9)?,
        recorded_at: r.get(10)?,
    })
}

impl Payment {
    /// The content sealed in the hash chain.
    fn canonical(&self, connection_id: i64) -> String {
        format!(
            "{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}",
            self.id,
            self.number,
            connection_id,
            self.account,
            self.paid_on,
            self.amount.cents(),
            self.channel,
            self.reference.as_deref().unwrap_or(""),
            self.reverses.map(|r| r.to_string()).unwrap_or_default(),
            self.reason.as_deref().unwrap_or(""),
            self.recorded_by,
            self.recorded_at
        )
    }
}

/// The chain's view of a payment.
pub(crate) fn canonical_by_id(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM payments WHERE id = ?1"))?
        .query_row([id], |r| Ok((from_row(r)?, r.get::<_, i64>(11)?)))
        .optional()
        .map(|p| p.map(|(p, c)| (p.number.clone(), p.canonical(c))))
}

/// A new payment before it is numbered.
pub(crate) struct NewPayment {
    pub connection_id: i64,
    pub account: String,
    pub paid_on: NaiveDate,
    pub amount: Money,
    pub channel: &'static str,
    pub reference: Option<String>,
    pub reverses: Option<i64>,
    pub reason: Option<String>,
}

/// Numbers, stores and seals one payment inside the caller's transaction.
pub(crate) fn insert(
    tx: &Connection,
    chain: &mut Appender,
    actor: &Actor,
    stamp: &str,
    p: NewPayment,
) -> Result<Payment> {
    let (code, next): (String, i64) = tx
        .prepare_cached("SELECT code, next FROM series WHERE kind = 'receipt'")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let payment = Payment {
        id: next,
        number: format!("{code}-{next:08}"),
        account: p.account,
        paid_on: p.paid_on.to_string(),
        amount: p.amount,
        channel: p.channel.to_string(),
        reference: p.reference,
        reverses: p.reverses,
        reason: p.reason,
        recorded_by: actor.name.clone(),
        recorded_at: stamp.to_string(),
    };
    tx.prepare_cached(&format!(
        "INSERT INTO payments ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
    ))?
    .execute(rusqlite::params![
        payment.id,
        payment.number,
        payment.account,
        payment.paid_on,
        payment.amount.cents(),
        payment.channel,
        payment.reference,
        payment.reverses,
        payment.reason,
        payment.recorded_by,
        payment.recorded_at,
        p.connection_id
    ])?;
    tx.prepare_cached("UPDATE series SET next = next + 1 WHERE kind = 'receipt'")?
        .execute([])?;
    chain.push(tx, "payment", payment.id, &payment.canonical(p.connection_id))?;
    Ok(payment)
}

/// One connection's bills (issue order) and payment records (recorded order).
pub(crate) fn history(conn: &Connection, connection_id: i64) -> Result<(Vec<DueBill>, Vec<allocation::PaymentRecord>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, number, period, due_on, amount_due, fund_share, tariff_id FROM bills WHERE connection_id = ?1 ORDER BY id",
    )?;
    let mut bills: Vec<DueBill> = stmt
        .query_map([connection_id], |r| {
            Ok(DueBill {
                id: r.get(0)?,
                number: r.get(1)?,
                period: r.get(2)?,
                amount_due: Money::from_cents(r.get(4)?),
                fund_share: Money::from_cents(r.get(5)?),
                tariff_id: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let notes = crate::notes::adjustments(conn)?;
    allocation::apply_notes(&mut bills, &notes)?;
    let mut stmt =
        conn.prepare_cached("SELECT id, paid_on, amount, reverses FROM payments WHERE connection_id = ?1 ORDER BY id")?;
    let payments = stmt
        .query_map([connection_id], |r| {
            let day: String = r.get(1)?;
            Ok((
                r.get(0)?,
                parse_date(&day).unwrap_or(NaiveDate::MIN),
                Money::from_cents(r.get(2)?),
                r.get(3)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok((bills, payments))
}

fn connection_of(conn: &Connection, account: &str) -> Result<(i64, String)> {
    conn.query_row("SELECT id, name FROM connections WHERE account = ?1", [account], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()?
    .ok_or_else(|| {
        Error::not_found(
            format!("No existe la cuenta {account}."),
            format!("Account {account} does not exist."),
        )
    })
}

/// The receipt of `payment`: what it paid, bill by bill, and the balance after it.
fn receipt(conn: &Connection, payment: Payment, connection_id: i64, holder: String) -> Result<Receipt> {
    let (bills, records) = history(conn, connection_id)?;
    let paid = effective(&records);
    let a = allocate(&bills, &paid)?;
    let applied = a
        .applied
        .iter()
        .filter(|x| x.payment_id == payment.id)
        .map(|x| AppliedLine {
            bill: bills[x.bill_index].number.clone(),
            period: bills[x.bill_index].period.clone(),
            amount: x.amount,
        })
        .collect();
    let owed = Money::sum(a.remaining.iter().copied())?.checked_sub(a.credit)?;
    Ok(Receipt {
        payment,
        holder,
        applied,
        balance_after: owed,
    })
}

impl Ledger {
    /// Records a cash payment at the counter: numbered, sealed, applied to the oldest unpaid
    /// bills; an overpayment stays as credit for the next bills.
    pub fn record_payment(
        &mut self,
        actor: &Actor,
        account: &str,
        amount: Money,
        paid_on: NaiveDate,
    ) -> Result<Receipt> {
        actor.require(Permission::RecordPayments)?;
        let account = account.trim().to_string();
        if amount <= Money::ZERO {
            return Err(Error::invalid(
                "amount",
                "El importe debe ser mayor que cero.",
                "The amount must be greater than zero.",
            ));
        }
        if amount > Money::from_cents(100_000_000) {
            return Err(Error::invalid(
                "amount",
                "Un pago de más de S/ 1,000,000.00 no es un pago en caja; revise el importe.",
                "A payment over S/ 1,000,000.00 is not a counter payment; check the amount.",
            ));
        }
        if paid_on > self.clock().today() {
            return Err(Error::invalid(
                "paid_on",
                "La fecha del pago es futura.",
                "The payment date is in the future.",
            ));
        }
        let (connection_id, holder) = connection_of(self.conn(), &account)?;
        let payment = self.write(actor, "payments.record", |tx, clock| {
            let mut chain = Appender::start(tx)?;
            let p = insert(
                tx,
                &mut chain,
                actor,
                &clock.now_stamp(),
                NewPayment {
                    connection_id,
                    account: account.clone(),
                    paid_on,
                    amount,
                    channel: "cash",
                    reference: None,
                    reverses: None,
                    reason: None,
                },
            )?;
            let detail = format!("receipt={} account={account} amount={}", p.number, amount.plain());
            Ok((p, detail))
        })?;
        receipt(self.conn(), payment, connection_id, holder)
    }

    /// Reverses a payment with a reason: a new record of the opposite amount; the original
    /// stays as it was.
    pub fn reverse_payment(&mut self, actor: &Actor, number: &str, reason: &str) -> Result<Payment> {
        actor.require(Permission::RecordPayments)?;
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(Error::invalid(
                "reason",
                "Indique el motivo de la anulación.",
                "Give the reason for the reversal.",
            ));
        }
        let original = self
            .conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM payments WHERE number = ?1"),
                [number.trim()],
                |r| Ok((from_row(r)?, r.get::<_, i64>(11)?)),
            )
            .optional()?;
        let Some((original, connection_id)) = original else {
            return Err(Error::not_found(
                format!("No existe el recibo {number}."),
                format!("There is no receipt {number}."),
            ));
        };
        if original.reverses.is_some() {
            return Err(Error::conflict(
                "Una anulación no se anula.",
                "A reversal is not reversed.",
            ));
        }
        let today = self.clock().today();
        self.write(actor, "payments.reverse", |tx, clock| {
            let done: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM payments WHERE reverses = ?1)",
                [original.id],
                |r| r.get(0),
            )?;
            if done {
                return Err(Error::conflict(
                    format!("El recibo {} ya fue anulado.", original.number),
                    format!("Receipt {} was already reversed.", original.number),
                ));
            }
            let mut chain = Appender::start(tx)?;
            let p = insert(
                tx,
                &mut chain,
                actor,
                &clock.now_stamp(),
                NewPayment {
                    connection_id,
                    account: original.account.clone(),
                    paid_on: today,
                    amount: original.amount.checked_neg()?,
                    channel: if original.channel == "bank" { "bank" } else { "cash" },
                    reference: None,
                    reverses: Some(original.id),
                    reason: Some(reason.clone()),
                },
            )?;
            Ok((p, format!("reverses={} reason={reason}", original.number)))
        })
    }

    /// Every payment record of one account, in recorded order.
    pub fn payments_of(&self, account: &str) -> Result<Vec<Payment>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM payments WHERE account = ?1 ORDER BY id"
        ))?;
        let rows = stmt.query_map([account.trim()], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// What payments, notes and reconnection charges change in each connection's bills: payments
/// take off (a reversal's negative amount undoes its payment), a debit note or a charge adds, a
/// credit note takes off. Each table is summed on its own so the payments' sum runs down their
/// covering index instead of sorting a town's whole history.
pub(crate) fn owed_by_connection(conn: &Connection) -> Result<std::collections::HashMap<i64, Money>> {
    let mut map: std::collections::HashMap<i64, Money> = std::collections::HashMap::new();
    for (sql, sign) in [
        (
            "SELECT connection_id, sum(amount) FROM payments GROUP BY connection_id",
            -1,
        ),
        ("SELECT connection_id, sum(total) FROM notes GROUP BY connection_id", 1),
        (
            "SELECT connection_id, sum(charge) FROM service_events GROUP BY connection_id",
            1,
        ),
    ] {
        let mut stmt = conn.prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let cents: i64 = r.get(1)?;
            let entry = map.entry(r.get(0)?).or_default();
            *entry = entry.checked_add(Money::from_cents(sign * cents))?;
        }
    }
    Ok(map)
}
